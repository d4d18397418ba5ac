package com.amperityworkflowruns.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
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

  @Test
  void onDataflowWithOnlyNumWorkers_thePoolIsNumWorkersAndAutoscalingIsOff() {
    DataflowPipelineWorkerPoolOptions o = PipelineOptionsFactory
        .fromArgs("--runner=DataflowRunner", "--numWorkers=2")
        .as(DataflowPipelineWorkerPoolOptions.class);

    DataflowWorkers.fixPool(o);

    assertThat(o.getAutoscalingAlgorithm()).isEqualTo(AutoscalingAlgorithmType.NONE);
    assertThat(o.getNumWorkers()).isEqualTo(2);
    assertThat(o.getMaxNumWorkers()).isEqualTo(2);
  }

  @Test
  void aStreamOnDataflow_runsOnRunnerV2WithStreamingEngineOnAFixedPool() {
    DataflowPipelineOptions o = PipelineOptionsFactory
        .fromArgs("--runner=DataflowRunner", "--maxNumWorkers=1", "--streaming",
            "--experiments=some_other")
        .as(DataflowPipelineOptions.class);

    DataflowWorkers.fixStreamPool(o);

    assertThat(o.getExperiments()).containsExactly("some_other", "use_runner_v2");
    assertThat(o.isEnableStreamingEngine()).isTrue();
    assertThat(o.getAutoscalingAlgorithm()).isEqualTo(AutoscalingAlgorithmType.NONE);
    assertThat(o.getNumWorkers()).isEqualTo(1);
  }

  @Test
  void aStreamAskingForTheLegacyRunner_isRefusedNamingTheExperiment() {
    DataflowPipelineOptions o = PipelineOptionsFactory
        .fromArgs("--runner=DataflowRunner", "--maxNumWorkers=1", "--streaming",
            "--experiments=disable_runner_v2")
        .as(DataflowPipelineOptions.class);

    assertThatThrownBy(() -> DataflowWorkers.fixStreamPool(o))
        .hasMessageContaining("disable_runner_v2").hasMessageContaining("drain");
  }

  @Test
  void aStreamOnTheDirectRunner_keepsItsOptions() {
    DataflowPipelineOptions o = PipelineOptionsFactory.fromArgs("--streaming")
        .as(DataflowPipelineOptions.class);

    DataflowWorkers.fixStreamPool(o);

    assertThat(o.getExperiments()).isNull();
    assertThat(o.isEnableStreamingEngine()).isFalse();
  }
}
