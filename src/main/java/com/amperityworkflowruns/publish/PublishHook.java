package com.amperityworkflowruns.publish;

import java.io.Serializable;

/**
 * Called at two points of a publish, for tests that must overlap jobs deterministically (a hook
 * that blocks on a latch stands for a slow publish); the default does nothing. Serializable: it
 * travels with the publish step.
 */
public interface PublishHook extends Serializable {
  /** Before this job tries to take the output's lease. */
  default void beforeLease(String jobId) {}

  /** Another job holds the output's lease; this job waits for it. */
  default void leaseBusy(String jobId, String holderJobId) {}

  /** This job holds the lease and its journal is written; nothing published has changed yet. */
  default void beforeExecute(String jobId) {}

  /** A hook that does nothing. */
  PublishHook NONE = new PublishHook() {};
}
