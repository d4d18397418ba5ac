package com.amperityworkflowruns.report;

import com.amperityworkflowruns.model.RunState;
import java.time.LocalDate;

/** The columns of one published run that the report uses (the rest is never read). */
final class RunRow {
  final LocalDate day;
  final String name;
  final String type;
  final RunState state;
  final long createdAtMicros;
  /** Null while the run is open or when the API gave no end. */
  final Long endedAtMicros;
  final Long durationMs;
  final String errorAttribution;
  final String errorType;

  RunRow(LocalDate day, String name, String type, RunState state,
      long createdAtMicros, Long endedAtMicros, Long durationMs, String errorAttribution,
      String errorType) {
    this.day = day;
    this.name = name;
    this.type = type;
    this.state = state;
    this.createdAtMicros = createdAtMicros;
    this.endedAtMicros = endedAtMicros;
    this.durationMs = durationMs;
    this.errorAttribution = errorAttribution;
    this.errorType = errorType;
  }

  boolean failed() {
    return state == RunState.FAILED;
  }

  /** When the run failed: its end, or its creation when the API gave no end. */
  long failedAtMicros() {
    return endedAtMicros != null ? endedAtMicros : createdAtMicros;
  }
}
