package com.amperityworkflowruns.bigquery.stream;

import com.amperityworkflowruns.bigquery.BigQueryTables;
import com.amperityworkflowruns.sink.ClosedWindow;

/**
 * What one statistics window holds: its bounds and the rows of each stream table. Shuffled and kept
 * in state as {@link BarrierCoders.TotalsCoder}.
 */
final class WindowTotals {
  final long startMillis;
  final long endMillis;
  final long runs;
  final long failed;
  final long stats;
  final long rejects;
  final long polls;

  WindowTotals(long startMillis, long endMillis, long runs, long failed, long stats, long rejects,
      long polls) {
    this.startMillis = startMillis;
    this.endMillis = endMillis;
    this.runs = runs;
    this.failed = failed;
    this.stats = stats;
    this.rejects = rejects;
    this.polls = polls;
  }

  /** Rows per table: finished_runs, type_stats_hourly, rejects_stream ({@link BigQueryTables#stream()}). */
  long[] perTable() {
    return new long[] {runs, stats, rejects};
  }

  WindowTotals plus(WindowTotals o) {
    return new WindowTotals(startMillis, endMillis, runs + o.runs, failed + o.failed,
        stats + o.stats, rejects + o.rejects, polls + o.polls);
  }

  WindowTotals in(long start, long end) {
    return new WindowTotals(start, end, runs, failed, stats, rejects, polls);
  }

  ClosedWindow toMarker(long jobStartMillis, long statsWindowMillis, long lagMillis) {
    return new ClosedWindow(startMillis, endMillis, jobStartMillis, statsWindowMillis, runs, failed,
        rejects, polls, lagMillis);
  }

  @Override
  public String toString() {
    return java.time.Instant.ofEpochMilli(startMillis) + "--" + java.time.Instant.ofEpochMilli(
        endMillis);
  }
}
