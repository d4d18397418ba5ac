package com.amperityworkflowruns.io;

import java.time.Duration;
import java.util.Locale;
import org.apache.beam.runners.dataflow.options.DataflowPipelineWorkerPoolOptions;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The reader's settings that depend on where it runs, derived from the pipeline options when the
 * read expands (so that a library user on Dataflow cannot get the single-worker defaults).
 */
final class ReadDefaults {
  /** The bounded poll on the Direct runner: its calls wait for each other at each checkpoint round. */
  static final Duration DIRECT_POLL = Duration.ofMillis(250);
  /** The bounded poll on Dataflow: a checkpoint writes state and may move the residual elsewhere. */
  static final Duration DATAFLOW_POLL = Duration.ofSeconds(5);

  private ReadDefaults() {}

  static boolean isDataflow(PipelineOptions options) {
    return runnerName(options).contains("dataflow");
  }

  static boolean isDirect(PipelineOptions options) {
    String name = runnerName(options);
    return name.isEmpty() || name.contains("direct");
  }

  /**
   * Readers that run at once, each with its share of the budget: 1 on the Direct runner, the
   * fixed worker count on Dataflow ({@code --maxNumWorkers}, else {@code --numWorkers}).
   *
   * @throws IllegalArgumentException when it cannot be known: name the fix
   */
  static int workers(PipelineOptions options) {
    if (isDirect(options)) {
      return 1;
    }
    if (isDataflow(options)) {
      DataflowPipelineWorkerPoolOptions pool = options.as(DataflowPipelineWorkerPoolOptions.class);
      int workers = pool.getMaxNumWorkers() > 0 ? pool.getMaxNumWorkers() : pool.getNumWorkers();
      if (workers >= 1) {
        return workers;
      }
      throw new IllegalArgumentException(
          "RunsApiIO.read() on Dataflow needs the number of workers to divide the rate budget:"
              + " set --maxNumWorkers (with autoscaling off) or call withWorkers(n)");
    }
    throw new IllegalArgumentException(
        "RunsApiIO.read() on " + options.getRunner().getSimpleName() + " needs withWorkers(n):"
            + " the number of JVMs that read at once, each with rateLimit / n requests per second");
  }

  /** The bounded poll of a reader call: {@link #DATAFLOW_POLL} on Dataflow, else {@link #DIRECT_POLL}. */
  static Duration pollInterval(PipelineOptions options) {
    return isDataflow(options) ? DATAFLOW_POLL : DIRECT_POLL;
  }

  private static String runnerName(PipelineOptions options) {
    return options.getRunner() == null
        ? ""
        : options.getRunner().getSimpleName().toLowerCase(Locale.ROOT);
  }
}
