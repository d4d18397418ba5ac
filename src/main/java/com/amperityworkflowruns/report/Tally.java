package com.amperityworkflowruns.report;

import com.amperityworkflowruns.model.RunState;
import java.util.Arrays;

/**
 * Counts and durations of a set of runs, with the same definitions as the {@code
 * workflow_type_stats} table: failure rate = failed / terminal runs (null without terminal runs);
 * durations of terminal runs that have one; percentiles exact by nearest rank.
 */
final class Tally {
  long runs;
  long terminal;
  long succeeded;
  long failed;
  long canceled;
  long stopped;
  long open;
  private long[] durations = new long[8];
  private int size;
  private boolean sorted = true;

  void add(RunRow r) {
    runs++;
    if (r.state.isTerminal()) {
      terminal++;
      if (r.durationMs != null) {
        if (size == durations.length) {
          durations = Arrays.copyOf(durations, size * 2);
        }
        durations[size++] = r.durationMs;
        sorted = false;
      }
    } else {
      open++;
    }
    if (r.state == RunState.SUCCEEDED) {
      succeeded++;
    } else if (r.state == RunState.FAILED) {
      failed++;
    } else if (r.state == RunState.CANCELED) {
      canceled++;
    } else if (r.state == RunState.STOPPED) {
      stopped++;
    }
  }

  Double failureRate() {
    return terminal == 0 ? null : (double) failed / terminal;
  }

  /** The exact nearest-rank percentile of the durations in ms, or null without any. */
  Long percentile(int p) {
    if (size == 0) {
      return null;
    }
    if (!sorted) {
      Arrays.sort(durations, 0, size);
      sorted = true;
    }
    long rank = ((long) p * size + 99) / 100;
    return durations[(int) Math.max(1, rank) - 1];
  }
}
