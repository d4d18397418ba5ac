package com.amperityworkflowruns.model;

import java.io.Serializable;
import java.util.Objects;
import org.apache.beam.sdk.schemas.JavaFieldSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reliability statistics of one workflow type over the runs that ended in one event-time window
 * {@code [windowStart, windowEnd)} (the row type of {@code type_stats_hourly}). {@code
 * stats.createdDate} holds the UTC date of the window's start: the table's {@code ended_date}.
 */
@DefaultSchema(JavaFieldSchema.class)
public final class WindowTypeStats implements Serializable {
  public final long windowStartMicros;
  public final long windowEndMicros;
  public final TypeStats stats;

  @SchemaCreate
  public WindowTypeStats(long windowStartMicros, long windowEndMicros, TypeStats stats) {
    this.windowStartMicros = windowStartMicros;
    this.windowEndMicros = windowEndMicros;
    this.stats = stats;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof WindowTypeStats
        && windowStartMicros == ((WindowTypeStats) o).windowStartMicros
        && windowEndMicros == ((WindowTypeStats) o).windowEndMicros
        && stats.equals(((WindowTypeStats) o).stats);
  }

  @Override
  public int hashCode() {
    return Objects.hash(windowStartMicros, windowEndMicros, stats);
  }

  @Override
  public String toString() {
    return "WindowTypeStats{" + TimeRanges.format(windowStartMicros) + ", " + stats + "}";
  }
}
