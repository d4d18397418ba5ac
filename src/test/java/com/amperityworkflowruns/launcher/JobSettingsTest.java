package com.amperityworkflowruns.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amperityworkflowruns.options.WorkflowRunsOptions;
import java.time.Clock;
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
}
