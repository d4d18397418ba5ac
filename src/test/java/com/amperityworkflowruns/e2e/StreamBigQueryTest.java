package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.bigquery.DatasetRef;
import com.amperityworkflowruns.bigquery.FakeBigQuery;
import com.amperityworkflowruns.simulator.ApiSimulator;
import com.amperityworkflowruns.sink.ClosedWindow;
import com.amperityworkflowruns.sink.OutputLayout;
import com.amperityworkflowruns.sink.StreamProgress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream into BigQuery ({@code --mode=stream --format=bigquery}) through the launcher, with
 * Beam's fake BigQuery services (Storage Write API) and the in-memory table store: a replayed week
 * equals the simulator's truth, and each window is recorded only with all its rows in the tables.
 */
@Timeout(600)
class StreamBigQueryTest {
  static final DatasetRef DATASET = DatasetRef.parse("test-project:amperity_stream");

  @TempDir Path tmp;

  @BeforeEach
  void emptyDataset() {
    FakeBigQuery.reset(DATASET);
  }

  /** A stream job's arguments writing into the fake dataset; its state below {@code temp}. */
  static List<String> args(ApiSimulator sim, Path token, Path temp, Instant from, Instant stopAt,
      String window) {
    List<String> args = SimJob.without(
        StreamJob.args(sim, token, temp.resolve("unused"), from, stopAt, window), "output");
    args.add("--format=bigquery");
    args.add("--bigqueryDataset=" + DATASET);
    args.add("--tempLocation=" + temp);
    return args;
  }

  /** Where the stream state of {@link #DATASET} lives by default. */
  static OutputLayout state(Path temp) {
    return OutputLayout.of(temp.resolve("amperity-workflow-runs/test-project_amperity_stream")
        .toString());
  }

  @Test
  void replayOfAWeek_tablesEqualTheTruthRunByRunAndStatsRowByRow() throws Exception {
    // Arrange: ~2,000 runs over two weeks, malformed records; the clock stands after them
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(2000).badRecordRate(0.01).build())) {
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      Path temp = tmp.resolve("temp");
      Instant from = Instant.parse("2024-01-03T00:00:00Z");
      Instant to = Instant.parse("2024-01-10T00:00:00Z");
      StreamTruth truth = StreamTruth.of(sim.tenant(), from, to, 3_600_000);

      // Act
      JobRun job = JobRun.launch(Map.of(), args(sim, token, temp, from, to, "PT1H"),
          FakeBigQuery.backend());

      // Assert
      assertThat(job.exitCode).as(job.toString()).isZero();
      assertThat(truth.runs).hasSizeGreaterThan(500);
      assertThat(truth.rejects).isNotEmpty();
      StreamJob.tablesEqualTruth(new StreamBigQueryTables(DATASET), truth);
      List<ClosedWindow> windows = StreamProgress.closedWindows(state(temp));
      assertThat(windows).hasSize(7 * 24);
      assertThat(windows.stream().mapToLong(w -> w.runs).sum()).isEqualTo(truth.runs.size());
      assertThat(job.out).contains("168 windows closed up to 2024-01-10T00:00:00Z")
          .contains("output: " + DATASET + ".{finished_runs,type_stats_hourly,rejects_stream}");
    }
  }
}
