package com.amperityworkflowruns.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amperityworkflowruns.bench.MemObjectStore;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The output check reaches every registered scheme and never waits without bound. */
class OutputCheckTest {
  @BeforeAll
  static void registerFileSystems() {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
  }

  @Test
  void givenRegisteredNonLocalScheme_probeIsWrittenAndRemoved() {
    String bucket = "check-" + UUID.randomUUID().toString().substring(0, 8);

    assertThatCode(() -> OutputCheck.ensureWritable("mem://" + bucket + "/out", Map.of(),
        Duration.ofSeconds(30))).doesNotThrowAnyException();

    assertThat(MemObjectStore.written("mem://" + bucket + "/")).as("probes written")
        .singleElement().asString().startsWith("mem://" + bucket + "/out/_probe-");
    assertThat(MemObjectStore.objects("mem://" + bucket + "/")).as("probe removed").isEmpty();
  }

  @Test
  void givenLocationThatNeverAnswers_failsAfterTheDeadlineNamingTheOutput() {
    String bucket = "hung-" + UUID.randomUUID().toString().substring(0, 8);
    CountDownLatch release = MemObjectStore.hang(bucket);
    try {
      assertThatThrownBy(() -> OutputCheck.ensureWritable("mem://" + bucket + "/out", Map.of(),
          Duration.ofMillis(200)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("--output=mem://" + bucket + "/out: no answer from mem://")
          .hasMessageContaining("check the network");
    } finally {
      release.countDown();
    }
  }

  @Test
  void givenUnregisteredScheme_namesIt() {
    assertThatThrownBy(() -> OutputCheck.ensureWritable("hdfs://nn/out", Map.of(),
        Duration.ofSeconds(30)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no file system for scheme hdfs://");
  }
}
