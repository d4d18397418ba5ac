package com.amperityworkflowruns.transforms;

/** Metric names of this package, kept in one place so dashboards and tests agree. */
final class Names {
  /** Namespace of every counter the transforms report. */
  static final String NAMESPACE = "amperity";

  static final String RUNS_NORMALIZED = "runs_normalized";
  static final String REJECTS = "rejects";
  static final String UNKNOWN_STATES = "unknown_states";
  static final String DUPLICATES_REMOVED = "duplicates_removed";
  /** Runs kept by the deduplication (one per run id), as they leave it: its progress. */
  static final String RUNS_DEDUPLICATED = "runs_deduplicated";

  private Names() {}
}
