package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.bigquery.BigQueryBackend;
import com.amperityworkflowruns.bigquery.DatasetRef;
import com.amperityworkflowruns.bigquery.FakeBigQuery;
import com.amperityworkflowruns.gcp.SecretManagerStore;
import com.amperityworkflowruns.simulator.ApiSimulator;
import com.amperityworkflowruns.publish.PublishHook;
import com.amperityworkflowruns.testing.MutableClock;
import com.google.api.services.bigquery.model.TableRow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs that finish days after they start, into BigQuery: a backfill, then a nightly job three days
 * later whose lookback misses runs that ended since; the nightly reads their days again (from the
 * tenant's {@code _refresh_marks} row and the open days of its statistics) and replaces them in
 * its transaction, so every run and statistics row equals what the API serves at that moment.
 */
@Timeout(300)
class BigQueryLateFinishingRunsTest {
  private static final DatasetRef DATASET = DatasetRef.parse("test-project:late_runs");
  private static final Instant BACKFILL_AT = Instant.parse("2024-01-08T02:00:00Z");

  @TempDir Path tmp;

  @BeforeEach
  void emptyDataset() {
    FakeBigQuery.reset(DATASET);
  }

  private JobRun launch(List<String> args, MutableClock clock) {
    BigQueryBackend backend = FakeBigQuery.backend();
    return JobRun.launch(Map.of(), args, SecretManagerStore.factory(), backend, PublishHook.NONE,
        clock);
  }

  @Test
  void givenLongRuns_aNightlyDaysLater_leavesTheFinalStateOfRunsThatEndedSinceInTheTables() {
    // Arrange: a backfill of [Jan 1, Jan 8) while many long runs are still open
    MutableClock clock = new MutableClock(BACKFILL_AT);
    try (ApiSimulator sim = ApiSimulator.start(
        SimJob.tenant(700).longRunFraction(0.10).clock(clock).build())) {
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      List<String> backfill = SimJob.without(SimJob.args(sim, token, tmp.resolve("unused"),
          SimJob.FROM, LocalDate.of(2024, 1, 8)), "output");
      backfill.add("--format=bigquery");
      backfill.add("--bigqueryDataset=" + DATASET);
      backfill.add("--tempLocation=" + tmp.resolve("temp"));
      JobRun first = launch(backfill, clock);
      assertThat(first.exitCode).as(first.toString()).isZero();
      Truth atBackfill = Truth.of(sim.tenant(), SimJob.FROM, LocalDate.of(2024, 1, 8));
      tablesEqual(atBackfill);
      List<String> nightly = SimJob.with(
          SimJob.without(SimJob.without(backfill, "createdFrom"), "createdTo"),
          "--lookbackDays=3");

      // Act: Jan 11 03:00, the nightly reads [Jan 8, Jan 12)
      clock.advance(Duration.ofDays(3).plusHours(1));
      JobRun second = launch(nightly, clock);
      Truth afterSecond = Truth.of(sim.tenant(), SimJob.FROM, LocalDate.of(2024, 1, 12));

      // Assert: runs created before the lookback ended since the backfill...
      Set<LocalDate> endedSinceBackfill = atBackfill.runs.values().stream()
          .filter(r -> !r.terminal() && afterSecond.runs.get(r.id()).terminal())
          .map(r -> LocalDate.parse(r.createdDate()))
          .collect(Collectors.toCollection(TreeSet::new));
      assertThat(endedSinceBackfill).as("days before the lookback with runs that ended since")
          .isNotEmpty();
      assertThat(second.exitCode).as(second.toString()).isZero();
      assertThat(second.out).as(second.toString()).contains("refresh: ");
      // ... and are terminal in the tables, as every other run and statistics row is now
      tablesEqual(afterSecond);
      assertThat(FakeBigQuery.rows(DATASET, "_refresh_marks")).singleElement()
          .satisfies(m -> assertThat(m.get("tenant")).isEqualTo(sim.config().tenant()));
    }
  }

  /** Every run (state, terminal, end) and statistics row of the tables equals {@code truth}. */
  private static void tablesEqual(Truth truth) {
    Map<String, String> runs = new TreeMap<>();
    for (TableRow r : FakeBigQuery.rows(DATASET, "workflow_runs")) {
      assertThat(runs.put((String) r.get("run_id"), r.get("state") + " " + r.get("is_terminal")
          + " " + (r.get("ended_at") == null ? null : FakeBigQuery.micros(r.get("ended_at")))))
          .as("run %s written once", r.get("run_id")).isNull();
      assertThat(r.get("tenant")).isEqualTo(truth.tenant);
    }
    Map<String, String> want = new TreeMap<>();
    truth.runs.values().forEach(r -> want.put(r.id(), r.state() + " " + r.terminal() + " "
        + r.endedAtMicros()));
    assertThat(runs).isEqualTo(want);
    Map<String, String> stats = new TreeMap<>();
    for (TableRow r : FakeBigQuery.rows(DATASET, "workflow_type_stats")) {
      stats.put(r.get("created_date") + "|" + r.get("type"), r.get("runs") + " "
          + r.get("succeeded") + " " + r.get("failed") + " " + r.get("open_runs"));
    }
    Map<String, String> wantStats = new TreeMap<>();
    truth.stats.values().forEach(s -> wantStats.put(s.createdDate() + "|" + s.type(),
        s.runs() + " " + s.succeeded() + " " + s.failed() + " " + s.openRuns()));
    assertThat(stats).isEqualTo(wantStats);
  }
}
