package com.amperityworkflowruns.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amperityworkflowruns.io.RunsApiIO;
import com.amperityworkflowruns.options.WorkflowRunsOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

class JobSettingsTest {
  private static final Map<String, String> ENV = Map.of("AMPERITY_TOKEN", "t");
  private static final Clock NOV_28 =
      Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);

  private static JobSettings resolve(String... args) {
    WorkflowRunsOptions o = PipelineOptionsFactory.fromArgs(args).as(WorkflowRunsOptions.class);
    return JobSettings.resolve(o, ENV, NOV_28);
  }

  @Test
  void rangeIsWidenedToWholeUtcDays() {
    JobSettings s = resolve("--tenant=acme", "--output=/tmp/x",
        "--createdFrom=2024-01-01T10:00:00Z", "--createdTo=2024-01-03T00:00:01Z");

    assertThat(s.fromDay).isEqualTo(LocalDate.of(2024, 1, 1));
    assertThat(s.toDay).isEqualTo(LocalDate.of(2024, 1, 4));
    assertThat(s.widened).isTrue();
  }

  @Test
  void lookbackReadsTheLastDaysAndToday() {
    JobSettings s = resolve("--tenant=acme", "--output=/tmp/x", "--lookbackDays=3");

    assertThat(s.fromDay).isEqualTo(LocalDate.of(2026, 11, 25));
    assertThat(s.toDay).isEqualTo(LocalDate.of(2026, 11, 29));
  }

  @Test
  void onDataflow_theBudgetIsSharedByMaxNumWorkers() {
    JobSettings s = resolve("--tenant=acme", "--output=gs://b/p", "--createdFrom=2024-01-01",
        "--createdTo=2024-01-02", "--runner=DataflowRunner", "--maxNumWorkers=4");

    assertThat(s.workers).isEqualTo(4);
  }

  @Test
  void onDataflowWithOnlyNumWorkers_theBudgetIsSharedByNumWorkers() {
    JobSettings s = resolve("--tenant=acme", "--output=gs://b/p", "--createdFrom=2024-01-01",
        "--createdTo=2024-01-02", "--runner=DataflowRunner", "--numWorkers=2");

    assertThat(s.workers).isEqualTo(2);
  }

  @Test
  void onDataflowWithoutMaxNumWorkers_isRefusedWithTheFix() {
    assertThatThrownBy(() -> resolve("--tenant=acme", "--output=gs://b/p",
            "--createdFrom=2024-01-01", "--createdTo=2024-01-02", "--runner=DataflowRunner"))
        .hasMessageContaining("--maxNumWorkers");
  }

  @Test
  void locally_oneReaderHasTheWholeBudget() {
    JobSettings s = resolve("--tenant=acme", "--output=/tmp/x", "--createdFrom=2024-01-01",
        "--createdTo=2024-01-02");

    assertThat(s.workers).isEqualTo(1);
  }

  @Test
  void readPollInterval_unset_isLeftForTheReaderToDeriveFromTheRunner() {
    JobSettings s = resolve("--tenant=acme", "--output=/tmp/x", "--createdFrom=2024-01-01",
        "--createdTo=2024-01-02");

    RunsApiIO.Read read = WorkflowRunsPipeline.reader(s);

    assertThat(s.readPollInterval).isNull();
    assertThat(read.withPollInterval(Duration.ofMillis(250))).isNotEqualTo(read);
  }

  @Test
  void readPollInterval_set_reachesTheReader() {
    JobSettings s = resolve("--tenant=acme", "--output=/tmp/x", "--createdFrom=2024-01-01",
        "--createdTo=2024-01-02", "--readPollInterval=PT2S");

    RunsApiIO.Read read = WorkflowRunsPipeline.reader(s);

    assertThat(s.readPollInterval).isEqualTo(Duration.ofSeconds(2));
    assertThat(read.withPollInterval(Duration.ofSeconds(2))).isEqualTo(read);
  }

  @Test
  void readPollInterval_acceptsOneMillisecondToOneMinute_andRefusesOutsideNamingTheOption() {
    String[] job = {"--tenant=acme", "--output=/tmp/x", "--createdFrom=2024-01-01",
        "--createdTo=2024-01-02"};

    for (String ok : new String[] {"PT0.001S", "PT0.25S", "PT60S", "PT1M"}) {
      assertThat(resolve(with(job, "--readPollInterval=" + ok)).readPollInterval)
          .isEqualTo(Duration.parse(ok));
    }
    for (String bad : new String[] {"PT0S", "PT0.0005S", "-PT1S", "PT60.001S", "PT2M", "5s"}) {
      assertThatThrownBy(() -> resolve(with(job, "--readPollInterval=" + bad)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("--readPollInterval");
    }
  }

  private static String[] with(String[] args, String extra) {
    String[] out = java.util.Arrays.copyOf(args, args.length + 1);
    out[args.length] = extra;
    return out;
  }
}
