package com.amperityworkflowruns.io;

import com.amperityworkflowruns.fetch.Cursor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The restriction of the reader: the shards still to read, each with its {@link Cursor}. Shards
 * are disjoint time windows; an empty list means nothing is left. Immutable.
 */
final class ShardRestriction implements Serializable {
  private static final long serialVersionUID = 1L;

  final List<Cursor> cursors;

  ShardRestriction(List<Cursor> cursors) {
    this.cursors = Collections.unmodifiableList(new ArrayList<>(cursors));
  }

  static ShardRestriction of(Cursor... cursors) {
    return new ShardRestriction(List.of(cursors));
  }

  boolean isDone() {
    return cursors.isEmpty();
  }

  /** Estimated pages left over all shards. */
  long estimatedPagesLeft(int pageSize) {
    long sum = 0;
    for (Cursor c : cursors) {
      sum += c.estimatedPagesLeft(pageSize);
    }
    return sum;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ShardRestriction && cursors.equals(((ShardRestriction) o).cursors);
  }

  @Override
  public int hashCode() {
    return cursors.hashCode();
  }

  @Override
  public String toString() {
    return cursors.toString();
  }
}
