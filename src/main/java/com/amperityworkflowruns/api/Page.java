package com.amperityworkflowruns.api;

import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/** One successful page of {@code GET /workflow/runs}: its runs as compact JSON text and cursor. */
public final class Page {
  public final List<String> runs;
  /** The cursor of the next page, or null on the last page (absent or empty in the response). */
  public final @Nullable String nextToken;
  /** The {@code total} field when the request asked for it, else null. */
  public final @Nullable Long total;

  public Page(List<String> runs, @Nullable String nextToken, @Nullable Long total) {
    this.runs = runs;
    this.nextToken = nextToken;
    this.total = total;
  }
}
