package com.amperityworkflowruns.io;

import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/** One successful page of {@code GET /workflow/runs}: its runs as compact JSON text and cursor. */
final class Page {
  final List<String> runs;
  /** The cursor of the next page, or null on the last page (absent or empty in the response). */
  final @Nullable String nextToken;
  /** The {@code total} field when the request asked for it, else null. */
  final @Nullable Long total;

  Page(List<String> runs, @Nullable String nextToken, @Nullable Long total) {
    this.runs = runs;
    this.nextToken = nextToken;
    this.total = total;
  }
}
