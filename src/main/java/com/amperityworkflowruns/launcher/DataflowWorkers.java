package com.amperityworkflowruns.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.runners.dataflow.options.DataflowPipelineWorkerPoolOptions;
import org.apache.beam.runners.dataflow.options.DataflowPipelineWorkerPoolOptions.AutoscalingAlgorithmType;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * On Dataflow, runs the job on a fixed pool of {@code --maxNumWorkers} workers (autoscaling off):
 * each worker reads with {@code rateLimit / maxNumWorkers}, so a smaller pool would leave budget
 * unused and a larger one would exceed the tenant's limit. Streams also run on Runner v2 with
 * Streaming Engine, the only Dataflow runner that truncates the reader's restriction on a drain.
 */
final class DataflowWorkers {
  /** The experiment that selects Runner v2 (docs/dataflow.md, "The stream job"). */
  static final String RUNNER_V2 = "use_runner_v2";

  private DataflowWorkers() {}

  /**
   * Sets {@code autoscalingAlgorithm=NONE} and {@code numWorkers=maxNumWorkers} on Dataflow; with
   * only {@code --numWorkers} set (a Flex Template launch may pass just that), the pool is that.
   */
  static void fixPool(PipelineOptions options) {
    if (!isDataflow(options)) {
      return;
    }
    DataflowPipelineWorkerPoolOptions pool = options.as(DataflowPipelineWorkerPoolOptions.class);
    pool.setAutoscalingAlgorithm(AutoscalingAlgorithmType.NONE);
    if (pool.getMaxNumWorkers() > 0) {
      pool.setNumWorkers(pool.getMaxNumWorkers());
    } else if (pool.getNumWorkers() > 0) {
      pool.setMaxNumWorkers(pool.getNumWorkers());
    }
  }

  /**
   * A stream on Dataflow: the fixed pool of {@link #fixPool}, on Runner v2 with Streaming Engine
   * (Runner v2 requires it for streaming jobs).
   *
   * @throws IllegalArgumentException when the options ask for the legacy runner
   */
  static void fixStreamPool(PipelineOptions options) {
    if (!isDataflow(options)) {
      return;
    }
    fixPool(options);
    DataflowPipelineOptions dataflow = options.as(DataflowPipelineOptions.class);
    List<String> experiments = new ArrayList<>();
    if (dataflow.getExperiments() != null) {
      experiments.addAll(dataflow.getExperiments());
    }
    if (experiments.contains("disable_runner_v2")) {
      throw new IllegalArgumentException("stream jobs run on Dataflow Runner v2: drop"
          + " --experiments=disable_runner_v2 (on the legacy runner a drain of the reader never"
          + " ends; docs/dataflow.md)");
    }
    if (!experiments.contains(RUNNER_V2)) {
      experiments.add(RUNNER_V2);
    }
    dataflow.setExperiments(experiments);
    dataflow.setEnableStreamingEngine(true);
  }

  private static boolean isDataflow(PipelineOptions options) {
    return options.getRunner() != null
        && options.getRunner().getSimpleName().toLowerCase(Locale.ROOT).contains("dataflow");
  }
}
