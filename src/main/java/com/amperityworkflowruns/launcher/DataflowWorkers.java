package com.amperityworkflowruns.launcher;

import java.util.Locale;
import org.apache.beam.runners.dataflow.options.DataflowPipelineWorkerPoolOptions;
import org.apache.beam.runners.dataflow.options.DataflowPipelineWorkerPoolOptions.AutoscalingAlgorithmType;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * On Dataflow, runs the job on a fixed pool of {@code --maxNumWorkers} workers (autoscaling off):
 * each worker reads with {@code rateLimit / maxNumWorkers}, so a smaller pool would leave budget
 * unused and a larger one would exceed the tenant's limit.
 */
final class DataflowWorkers {
  private DataflowWorkers() {}

  /** Sets {@code autoscalingAlgorithm=NONE} and {@code numWorkers=maxNumWorkers} on Dataflow. */
  static void fixPool(PipelineOptions options) {
    if (options.getRunner() == null
        || !options.getRunner().getSimpleName().toLowerCase(Locale.ROOT).contains("dataflow")) {
      return;
    }
    DataflowPipelineWorkerPoolOptions pool = options.as(DataflowPipelineWorkerPoolOptions.class);
    pool.setAutoscalingAlgorithm(AutoscalingAlgorithmType.NONE);
    if (pool.getMaxNumWorkers() > 0) {
      pool.setNumWorkers(pool.getMaxNumWorkers());
    }
  }
}
