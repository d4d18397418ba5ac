package com.amperityworkflowruns.io;

import com.amperityworkflowruns.fetch.Cursor;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A position the reader claims: it replaces one shard's cursor by its successors. Reading a page
 * replaces the cursor by the advanced one (or by nothing on the last page); splitting a busy shard
 * replaces it by the cursors of its sub-windows; a refused {@code next_token} replaces it by a
 * restart.
 */
final class Claim {
  final Cursor from;
  final List<Cursor> to;
  /** Whether the claim stands for a page whose runs will be emitted. */
  final boolean emitsPage;

  private Claim(Cursor from, List<Cursor> to, boolean emitsPage) {
    this.from = from;
    this.to = to;
    this.emitsPage = emitsPage;
  }

  /** The page at {@code cursor} was read; {@code nextToken} null means it was the last. */
  static Claim page(Cursor cursor, @Nullable String nextToken, @Nullable Long total) {
    return new Claim(
        cursor, nextToken == null ? List.of() : List.of(cursor.advance(nextToken, total)), true);
  }

  /** The shard is read as the given sub-shards instead; the page at {@code cursor} is dropped. */
  static Claim split(Cursor cursor, List<Cursor> subShards) {
    return new Claim(cursor, subShards, false);
  }

  /** The shard is read again from the first page, in halves ({@link Cursor#restart}). */
  static Claim restart(Cursor cursor) {
    return new Claim(cursor, cursor.restart(), false);
  }

  @Override
  public String toString() {
    return from + " -> " + to;
  }
}
