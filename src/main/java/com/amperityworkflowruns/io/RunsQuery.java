package com.amperityworkflowruns.io;

import com.amperityworkflowruns.fetch.Cursor;
import com.amperityworkflowruns.model.TimeRanges;
import java.io.Serializable;
import java.util.Objects;
import org.checkerframework.checker.nullness.qual.Nullable;

/** The element of the reader: one {@code [createdFrom, createdTo)} range to read completely. */
final class RunsQuery implements Serializable {
  private static final long serialVersionUID = 1L;

  final long fromMicros;
  final long toMicros;
  /** Starts of whole UTC days read besides the range, each its own shard; sorted, may be empty. */
  final long[] extraDayStarts;

  RunsQuery(long fromMicros, long toMicros) {
    this(fromMicros, toMicros, new long[0]);
  }

  RunsQuery(long fromMicros, long toMicros, long[] extraDayStarts) {
    this.fromMicros = fromMicros;
    this.toMicros = toMicros;
    this.extraDayStarts = extraDayStarts.clone();
  }

  /** The starting shards of the extra days: one a day. */
  java.util.List<Cursor> extraDayCursors() {
    java.util.List<Cursor> out = new java.util.ArrayList<>();
    for (long start : extraDayStarts) {
      out.add(Cursor.start(start, start + DAY_MICROS));
    }
    return out;
  }

  private static final long DAY_MICROS = 86_400_000_000L;

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof RunsQuery
        && fromMicros == ((RunsQuery) o).fromMicros
        && toMicros == ((RunsQuery) o).toMicros
        && java.util.Arrays.equals(extraDayStarts, ((RunsQuery) o).extraDayStarts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(fromMicros, toMicros, java.util.Arrays.hashCode(extraDayStarts));
  }

  @Override
  public String toString() {
    return "[" + TimeRanges.format(fromMicros) + ", " + TimeRanges.format(toMicros) + ")"
        + (extraDayStarts.length == 0 ? "" : " and " + extraDayStarts.length + " day(s)");
  }
}
