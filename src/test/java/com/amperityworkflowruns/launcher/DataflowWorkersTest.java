package com.amperityworkflowruns.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.beam.runners.dataflow.options.DataflowPipelineWorkerPoolOptions;
import org.apache.beam.runners.dataflow.options.DataflowPipelineWorkerPoolOptions.AutoscalingAlgorithmType;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

class DataflowWorkersTest {
  @Test
  void onDataflow_autoscalingIsOff_andThePoolIsMaxNumWorkers() {
    DataflowPipelineWorkerPoolOptions o = PipelineOptionsFactory
        .fromArgs("--runner=DataflowRunner", "--maxNumWorkers=4", "--numWorkers=1")
        .as(DataflowPipelineWorkerPoolOptions.class);

    DataflowWorkers.fixPool(o);

    assertThat(o.getAutoscalingAlgorithm()).isEqualTo(AutoscalingAlgorithmType.NONE);
    assertThat(o.getNumWorkers()).isEqualTo(4);
  }

  @Test
  void onTheDirectRunner_nothingChanges() {
    DataflowPipelineWorkerPoolOptions o =
        PipelineOptionsFactory.create().as(DataflowPipelineWorkerPoolOptions.class);

    DataflowWorkers.fixPool(o);

    assertThat(o.getAutoscalingAlgorithm()).isNull();
  }
}
