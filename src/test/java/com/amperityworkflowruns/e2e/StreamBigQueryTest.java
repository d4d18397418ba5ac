package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.bigquery.BigQueryTables;
import com.amperityworkflowruns.bigquery.DatasetRef;
import com.amperityworkflowruns.bigquery.FakeBigQuery;
import com.amperityworkflowruns.bigquery.TableSpec;
import com.amperityworkflowruns.simulator.ApiSimulator;
import com.amperityworkflowruns.sink.ClosedWindow;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.sink.StreamLease;
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

  /** A stream job's arguments writing into the fake dataset; its state (--output) below {@code temp}. */
  static List<String> args(ApiSimulator sim, Path token, Path temp, Instant from, Instant stopAt,
      String window) {
    List<String> args = StreamJob.args(sim, token, temp.resolve("state"), from, stopAt, window);
    args.add("--format=bigquery");
    args.add("--bigqueryDataset=" + DATASET);
    args.add("--tempLocation=" + temp);
    return args;
  }

  /** Stream jobs of 6-hour windows against one simulator, into the fake dataset, state below temp. */
  private final class Jobs {
    final ApiSimulator sim;
    final Path token;
    final Path temp;

    Jobs(ApiSimulator sim) {
      this.sim = sim;
      this.token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      this.temp = tmp.resolve("temp");
    }

    JobRun launch(Instant from, Instant stopAt) {
      return launch(StreamBigQueryTest.args(sim, token, temp, from, stopAt, "PT6H"));
    }

    JobRun launch(List<String> args) {
      return JobRun.launch(Map.of(), args, FakeBigQuery.backend());
    }

    /** Arranges a first job from D0 to MID, which must succeed. */
    JobRun firstToMid() {
      JobRun first = launch(D0, MID);
      assertThat(first.exitCode).as(first.toString()).isZero();
      return first;
    }

    /** The arguments of a job from {@code from} to {@code stopAt} with one more option. */
    List<String> args(Instant from, Instant stopAt, String option) {
      return SimJob.with(StreamBigQueryTest.args(sim, token, temp, from, stopAt, "PT6H"), option);
    }
  }

  /** Where the stream state of these jobs lives: their tenant's folder of their --output. */
  static OutputLayout state(Path temp) {
    return OutputLayout.of(temp.resolve("state").toString(), "acme-demo");
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
      for (TableSpec spec : BigQueryTables.stream()) {
        rowsAgreeWithTheSchemaFile(spec);
      }
    }
  }

  /** Every written row has only the file's columns, and every REQUIRED one. */
  private static void rowsAgreeWithTheSchemaFile(TableSpec spec) {
    List<com.google.api.services.bigquery.model.TableRow> rows = FakeBigQuery.rows(DATASET,
        spec.name());
    assertThat(rows).as(spec.name()).isNotEmpty();
    for (com.google.api.services.bigquery.model.TableRow row : rows) {
      assertThat(spec.columnNames()).as(spec.name()).containsAll(row.keySet());
      for (TableSpec.Column c : spec.columns()) {
        if (!c.nullable()) {
          assertThat(row.get(c.name)).as(spec.name() + "." + c.name).isNotNull();
        }
      }
    }
  }

  private static final Instant D0 = Instant.parse("2024-01-04T00:00:00Z");
  private static final Instant MID = Instant.parse("2024-01-05T12:00:00Z");
  private static final Instant END = Instant.parse("2024-01-07T00:00:00Z");

  @Test
  void stopThenResume_tablesEqualOneUninterruptedStream() throws Exception {
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(1500).badRecordRate(0.01).build())) {
      // Arrange: the first job follows D0 to MID
      Jobs jobs = new Jobs(sim);
      jobs.firstToMid();

      // Act
      JobRun second = jobs.launch(jobs.args(D0, END, "--followFrom=resume"));

      // Assert
      assertThat(second.exitCode).as(second.toString()).isZero();
      assertThat(second.out).contains("followed up to " + MID).doesNotContain("note: removed");
      StreamJob.tablesEqualTruth(new StreamBigQueryTables(DATASET),
          StreamTruth.of(sim.tenant(), D0, END, 21_600_000));
      assertThat(StreamProgress.closedWindows(state(jobs.temp))).hasSize(12);
    }
  }

  @Test
  void diedAfterWritingWindowsButBeforeRecordingThem_resumeWritesThemOnce_andKeepsTheRecordedOnes()
      throws Exception {
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(1500).badRecordRate(0.01).build())) {
      // Arrange: a job to MID whose third and last windows' rows are in BigQuery but whose
      // markers are not (as when it dies between the commit and the marker)
      Jobs jobs = new Jobs(sim);
      jobs.firstToMid();
      List<Path> markers = markerFiles(jobs.temp);
      assertThat(markers).hasSize(6);
      java.nio.file.Files.delete(markers.get(2));
      java.nio.file.Files.delete(markers.get(5));
      Map<Path, String> recordedAfterTheGap = Map.of(
          markers.get(3), java.nio.file.Files.readString(markers.get(3)),
          markers.get(4), java.nio.file.Files.readString(markers.get(4)));
      int rowsBefore = new StreamBigQueryTables(DATASET).finishedRuns().size();

      // Act
      JobRun second = jobs.launch(jobs.args(D0, END, "--followFrom=resume"));

      // Assert: it resumed at the first unrecorded window, emptied only the unrecorded windows,
      // kept the two recorded ones after the gap (markers untouched, rows not written again)
      assertThat(rowsBefore).isPositive();
      assertThat(second.exitCode).as(second.toString()).isZero();
      assertThat(second.out).contains("followed up to 2024-01-04T12:00:00Z")
          .containsPattern("note: removed [1-9][\\d,]* row\\(s\\) and 0 window marker\\(s\\) from"
              + " 2024-01-04T12:00:00Z on \\(written by the stopped job but not recorded\\)")
          .contains("kept the 2 recorded window(s) after 2024-01-04T12:00:00Z");
      for (Map.Entry<Path, String> m : recordedAfterTheGap.entrySet()) {
        assertThat(java.nio.file.Files.readString(m.getKey())).isEqualTo(m.getValue());
      }
      StreamJob.tablesEqualTruth(new StreamBigQueryTables(DATASET),
          StreamTruth.of(sim.tenant(), D0, END, 21_600_000));
      assertThat(StreamProgress.closedWindows(state(jobs.temp))).hasSize(12);
    }
  }

  @Test
  void resumeWithAStopAtBeforeRecordedWindows_writesOnlyTheGap_andLeavesTheWindowsAfterStopAt()
      throws Exception {
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(800).build())) {
      // Arrange: windows 0..5 recorded, then the marker of window 1 lost before its commit
      Jobs jobs = new Jobs(sim);
      jobs.firstToMid();
      List<Path> markers = markerFiles(jobs.temp);
      java.nio.file.Files.delete(markers.get(1));
      Instant stopAt = Instant.parse("2024-01-04T18:00:00Z");

      // Act: resume up to the end of window 2
      JobRun second = jobs.launch(jobs.args(D0, stopAt, "--followFrom=resume"));

      // Assert
      assertThat(second.exitCode).as(second.toString()).isZero();
      assertThat(second.out).contains("followed up to 2024-01-04T06:00:00Z")
          .contains("kept the 1 recorded window(s)");
      StreamJob.tablesEqualTruth(new StreamBigQueryTables(DATASET),
          StreamTruth.of(sim.tenant(), D0, MID, 21_600_000));
      assertThat(StreamProgress.closedWindows(state(jobs.temp))).hasSize(6);
    }
  }

  @Test
  void followingAgainWhereRowsHaveNoMarkers_isRefusedWithoutAllowShrink() throws Exception {
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(800).build())) {
      // Arrange: a job wrote D0..MID, then its markers were lost (a lifecycle rule)
      Jobs jobs = new Jobs(sim);
      jobs.firstToMid();
      for (Path m : markerFiles(jobs.temp)) {
        java.nio.file.Files.delete(m);
      }
      List<Map<String, Object>> published = new StreamBigQueryTables(DATASET).finishedRuns();

      // Act
      sim.resetStats();
      JobRun refused = jobs.launch(Instant.parse("2024-01-05T00:00:00Z"), END);

      // Assert
      assertThat(refused.exitCode).as(refused.toString()).isEqualTo(2);
      assertThat(refused.errLines()).singleElement().asString()
          .contains(DATASET + ".finished_runs holds").contains("no window marker")
          .contains("--allowShrink");
      assertThat(sim.stats().requests()).isZero();
      assertThat(new StreamBigQueryTables(DATASET).finishedRuns())
          .containsExactlyInAnyOrderElementsOf(published);
    }
  }

  @Test
  void anotherJobHoldingTheStreamLease_isRefusedBeforeAnythingIsDeleted() throws Exception {
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(800).build())) {
      // Arrange: a first job ran (and gave its lease back); another job holds it now
      Jobs jobs = new Jobs(sim);
      jobs.firstToMid();
      assertThat(Path.of(StreamLease.path(state(jobs.temp)))).doesNotExist();
      java.nio.file.Files.delete(markerFiles(jobs.temp).get(5));
      StreamLease.acquire(state(jobs.temp), "draining-job");
      List<Map<String, Object>> published = new StreamBigQueryTables(DATASET).finishedRuns();

      // Act
      sim.resetStats();
      JobRun refused = jobs.launch(jobs.args(D0, END, "--followFrom=resume"));

      // Assert
      assertThat(refused.exitCode).as(refused.toString()).isEqualTo(2);
      assertThat(refused.errLines()).singleElement().asString()
          .contains("another stream job").contains("job draining-job");
      assertThat(sim.stats().requests()).isZero();
      assertThat(new StreamBigQueryTables(DATASET).finishedRuns())
          .containsExactlyInAnyOrderElementsOf(published);
      StreamLease.release(state(jobs.temp), "draining-job");
    }
  }

  @Test
  void followingRecordedWindowsAgain_isRefusedWithoutAllowShrink_andReplacesThemWithIt()
      throws Exception {
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(800).build())) {
      // Arrange
      Jobs jobs = new Jobs(sim);
      jobs.firstToMid();
      List<Map<String, Object>> published = new StreamBigQueryTables(DATASET).finishedRuns();

      // Act
      sim.resetStats();
      JobRun refused = jobs.launch(D0, MID);
      long requestsWhenRefused = sim.stats().requests();
      JobRun replaced = jobs.launch(jobs.args(D0, MID, "--allowShrink=true"));

      // Assert
      assertThat(refused.exitCode).as(refused.toString()).isEqualTo(2);
      assertThat(refused.errLines()).singleElement().asString()
          .contains("6 window(s) from 2024-01-04T00:00:00Z to 2024-01-05T12:00:00Z are already in")
          .contains("--followFrom=resume").contains("--allowShrink");
      assertThat(requestsWhenRefused).isZero();
      assertThat(replaced.exitCode).as(replaced.toString()).isZero();
      assertThat(replaced.out).contains("window marker(s) from 2024-01-04T00:00:00Z on"
          + " (--allowShrink)");
      assertThat(new StreamBigQueryTables(DATASET).finishedRuns())
          .hasSameSizeAs(published).containsExactlyInAnyOrderElementsOf(published);
      StreamJob.tablesEqualTruth(new StreamBigQueryTables(DATASET),
          StreamTruth.of(sim.tenant(), D0, MID, 21_600_000));
    }
  }

  private static List<Path> markerFiles(Path temp) throws java.io.IOException {
    Path dir = Path.of(state(temp).control("_stream_state/windows"));
    try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(dir)) {
      return s.sorted().toList();
    }
  }
}
