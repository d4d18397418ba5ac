package com.amperityworkflowruns.model;

/**
 * The normalized state of a workflow run.
 *
 * <p>The API spells states inconsistently ("Running with failures", "in-progress", "CANCELED"), so
 * {@link #parse} ignores case, spaces, hyphens and underscores. The set is open: a spelling never
 * seen before maps to {@link #UNKNOWN} and the raw value is kept next to it by the caller.
 */
public enum RunState {
  SCHEDULED,
  STARTED,
  IN_PROGRESS,
  RUNNING_WITH_FAILURES,
  STOPPING,
  STOPPED,
  SUCCEEDED,
  FAILED,
  CANCELED,
  UNKNOWN;

  /** True for the states after which a run never changes: succeeded, failed, canceled, stopped. */
  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELED || this == STOPPED;
  }

  /** Maps any spelling of a state to its enum value; null, blank or unseen values give UNKNOWN. */
  public static RunState parse(String raw) {
    if (raw == null) {
      return UNKNOWN;
    }
    StringBuilder folded = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (!Character.isWhitespace(c) && c != '_' && c != '-') {
        folded.append(Character.toLowerCase(c));
      }
    }
    String key = folded.toString();
    switch (key) {
      case "scheduled":
        return SCHEDULED;
      case "started":
        return STARTED;
      case "inprogress":
        return IN_PROGRESS;
      case "runningwithfailures":
        return RUNNING_WITH_FAILURES;
      case "stopping":
        return STOPPING;
      case "stopped":
        return STOPPED;
      case "succeeded":
        return SUCCEEDED;
      case "failed":
        return FAILED;
      case "canceled":
      case "cancelled":
        return CANCELED;
      default:
        return UNKNOWN;
    }
  }
}
