package com.amperityworkflowruns.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.runners.dataflow.options.DataflowPipelineWorkerPoolOptions;
import org.apache.beam.runners.dataflow.options.DataflowPipelineWorkerPoolOptions.AutoscalingAlgorithmType;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void aStreamLaunchAskingForTheLegacyRunner_exits2WithOneLineAndWritesNothing(@TempDir Path tmp)
      throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Launcher launcher = new Launcher(new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        Map.of("AMPERITY_TOKEN", "t"), Clock.systemUTC());
    Path output = tmp.resolve("out");

    int code = launcher.run(new String[] {"--mode=stream", "--runner=DataflowRunner",
        "--project=my-project", "--region=europe-west1", "--maxNumWorkers=1",
        "--experiments=disable_runner_v2", "--tenant=acme", "--baseUrl=http://127.0.0.1:9/api",
        "--followFrom=2024-01-01T00:00:00Z", "--output=" + output});

    assertThat(code).isEqualTo(Launcher.BAD_INPUT);
    assertThat(err.toString(StandardCharsets.UTF_8).strip().lines()).singleElement().asString()
        .startsWith("error: stream jobs run on Dataflow Runner v2");
    assertThat(Files.exists(output)).isFalse();
  }
}
