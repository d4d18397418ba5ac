package com.amperityworkflowruns.transforms;

import com.amperityworkflowruns.model.Reject;
import com.amperityworkflowruns.model.WorkflowRun;
import org.checkerframework.checker.nullness.qual.Nullable;

/** The outcome of normalizing one record: exactly one of a run or a reject. */
final class Normalized {
  private final @Nullable WorkflowRun run;
  private final @Nullable Reject reject;

  private Normalized(@Nullable WorkflowRun run, @Nullable Reject reject) {
    this.run = run;
    this.reject = reject;
  }

  static Normalized of(WorkflowRun run) {
    return new Normalized(run, null);
  }

  static Normalized rejected(Reject reject) {
    return new Normalized(null, reject);
  }

  boolean isRun() {
    return run != null;
  }

  /** The run; only valid when {@link #isRun()}. */
  WorkflowRun run() {
    if (run == null) {
      throw new IllegalStateException("rejected: " + reject);
    }
    return run;
  }

  /** The reject; only valid when not {@link #isRun()}. */
  Reject reject() {
    if (reject == null) {
      throw new IllegalStateException("not rejected: " + run);
    }
    return reject;
  }

  @Override
  public String toString() {
    return run != null ? String.valueOf(run) : String.valueOf(reject);
  }
}
