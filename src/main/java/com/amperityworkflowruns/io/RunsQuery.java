package com.amperityworkflowruns.io;

import com.amperityworkflowruns.model.TimeRanges;

import java.io.Serializable;
import java.util.Objects;
import org.checkerframework.checker.nullness.qual.Nullable;

/** The element of the reader: one {@code [createdFrom, createdTo)} range to read completely. */
final class RunsQuery implements Serializable {
  private static final long serialVersionUID = 1L;

  final long fromMicros;
  final long toMicros;

  RunsQuery(long fromMicros, long toMicros) {
    this.fromMicros = fromMicros;
    this.toMicros = toMicros;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof RunsQuery
        && fromMicros == ((RunsQuery) o).fromMicros
        && toMicros == ((RunsQuery) o).toMicros;
  }

  @Override
  public int hashCode() {
    return Objects.hash(fromMicros, toMicros);
  }

  @Override
  public String toString() {
    return "[" + TimeRanges.format(fromMicros) + ", " + TimeRanges.format(toMicros) + ")";
  }
}
