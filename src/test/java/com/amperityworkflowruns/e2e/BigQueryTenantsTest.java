package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.bigquery.BigQueryTables;
import com.amperityworkflowruns.bigquery.DatasetRef;
import com.amperityworkflowruns.bigquery.FakeBigQuery;
import com.amperityworkflowruns.bigquery.PreTenantTables;
import com.amperityworkflowruns.bigquery.TableSpec;
import com.amperityworkflowruns.launcher.commands.BigQueryMigrateCommand;
import com.amperityworkflowruns.simulator.ApiSimulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several tenants in one BigQuery dataset through the launcher (Beam's fake BigQuery services and
 * the in-memory table store): each tenant's rows equal those its jobs write into a dataset of its
 * own, whatever the order, a rerun or the other tenant's jobs running at the same time; and a
 * dataset written before tables held tenants is refused with the {@code migrate} line, then
 * migrated and replaced without losing a run.
 */
@Timeout(600)
class BigQueryTenantsTest {
  private static final DatasetRef SHARED = DatasetRef.parse("test-project:shared_runs");
  private static final DatasetRef ALONE_A = DatasetRef.parse("test-project:alone_a");
  private static final DatasetRef ALONE_B = DatasetRef.parse("test-project:alone_b");
  private static final LocalDate RERUN_FROM = LocalDate.of(2024, 1, 5);
  private static final LocalDate RERUN_TO = LocalDate.of(2024, 1, 9);

  @TempDir Path tmp;

  @BeforeEach
  void emptyDatasets() {
    FakeBigQuery.reset(SHARED);
    FakeBigQuery.addDataset(ALONE_A);
    FakeBigQuery.addDataset(ALONE_B);
  }

  /** The production tenant and its sandbox: other runs, named otherwise. */
  private static ApiSimulator production() {
    return ApiSimulator.start(SimJob.tenant(500).build());
  }

  private static ApiSimulator sandbox() {
    return ApiSimulator.start(SimJob.tenant(300).seed(7L).tenant("acme-sandbox").build());
  }

  /** A job of {@code sim}'s tenant over {@code [from, to)} into {@code dataset}. */
  private JobRun job(ApiSimulator sim, DatasetRef dataset, LocalDate from, LocalDate to) {
    Path token = tmp.resolve("token-" + sim.config().tenant());
    if (!token.toFile().exists()) {
      SimJob.secretFile(tmp, token.getFileName().toString(), sim.config().staticToken());
    }
    List<String> args = SimJob.without(SimJob.args(sim, token, tmp.resolve("unused"), from, to),
        "output");
    args.add("--format=bigquery");
    args.add("--bigqueryDataset=" + dataset);
    args.add("--tempLocation=" + tmp.resolve("temp-" + sim.config().tenant()));
    JobRun run = JobRun.launch(Map.of(), args, FakeBigQuery.backend());
    assertThat(run.exitCode).as(run.toString()).isZero();
    return run;
  }

  private JobRun wholeRange(ApiSimulator sim, DatasetRef dataset) {
    return job(sim, dataset, SimJob.FROM, SimJob.TO);
  }

  /** Every row of the three tables of {@code dataset} of {@code tenant} (null: all), sorted. */
  private static List<String> rows(DatasetRef dataset, String tenant) {
    List<String> rows = new ArrayList<>();
    for (TableSpec spec : BigQueryTables.all()) {
      FakeBigQuery.rows(dataset, spec.name()).stream()
          .filter(r -> tenant == null || tenant.equals(r.get("tenant")))
          .forEach(r -> rows.add(spec.name() + " " + r));
    }
    rows.sort(null);
    return rows;
  }

  @Test
  void twoTenantsInOneDataset_inEitherOrder_thenARerunOfOne_eachEqualsItsJobsAlone() {
    try (ApiSimulator a = production(); ApiSimulator b = sandbox()) {
      // Arrange: each tenant alone in its own dataset
      wholeRange(a, ALONE_A);
      wholeRange(b, ALONE_B);
      job(a, ALONE_A, RERUN_FROM, RERUN_TO);

      // Act: the sandbox first, then production, then production's rerun of part of the range
      wholeRange(b, SHARED);
      wholeRange(a, SHARED);
      job(a, SHARED, RERUN_FROM, RERUN_TO);

      // Assert
      List<String> aloneA = rows(ALONE_A, null);
      List<String> aloneB = rows(ALONE_B, null);
      assertThat(aloneA).hasSizeGreaterThan(500);
      assertThat(aloneB).hasSizeGreaterThan(300);
      assertThat(rows(SHARED, a.config().tenant())).isEqualTo(aloneA);
      assertThat(rows(SHARED, b.config().tenant())).isEqualTo(aloneB);
      assertThat(rows(SHARED, null)).hasSize(aloneA.size() + aloneB.size());
    }
  }

  @Test
  void twoTenantsJobsIntoOneDatasetAtTheSameTime_eachEqualsItsJobAlone() {
    try (ApiSimulator a = production(); ApiSimulator b = sandbox()) {
      // Arrange
      wholeRange(a, ALONE_A);
      wholeRange(b, ALONE_B);

      // Act
      CompletableFuture<JobRun> jobA = CompletableFuture.supplyAsync(() -> wholeRange(a, SHARED));
      CompletableFuture<JobRun> jobB = CompletableFuture.supplyAsync(() -> wholeRange(b, SHARED));
      jobA.join();
      jobB.join();

      // Assert
      assertThat(rows(SHARED, a.config().tenant())).isEqualTo(rows(ALONE_A, null));
      assertThat(rows(SHARED, b.config().tenant())).isEqualTo(rows(ALONE_B, null));
    }
  }

  @Test
  void aDatasetWrittenBeforeTenants_isRefusedWithTheMigrateLine_thenMigratedAndReplaced_losingNoRun() {
    try (ApiSimulator a = production()) {
      // Arrange: the tables of a whole-range job as the code before tenants wrote them
      wholeRange(a, ALONE_A);
      PreTenantTables.createBatchTables(SHARED);
      for (TableSpec spec : BigQueryTables.all()) {
        PreTenantTables.insert(SHARED, spec.name(), FakeBigQuery.rows(ALONE_A, spec.name()));
      }
      job(a, ALONE_A, RERUN_FROM, RERUN_TO);
      List<String> expected = rows(ALONE_A, null);
      a.resetStats();

      // Act: the nightly is refused; the line's command; the nightly again
      JobRun refused = JobRun.launch(Map.of(), nightlyArgs(a), FakeBigQuery.backend());
      long requestsWhenRefused = a.stats().requests() + a.stats().tokenRequests();
      String command = refused.errLines().isEmpty() ? "" : refused.errLines().get(0)
          .replaceFirst(".*java -jar amperity-workflow-runs.jar ", "");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int migrated = migrate(command, out);
      JobRun nightly = JobRun.launch(Map.of(), nightlyArgs(a), FakeBigQuery.backend());

      // Assert
      assertThat(refused.exitCode).as(refused.toString()).isEqualTo(2);
      assertThat(requestsWhenRefused).isZero();
      assertThat(refused.errLines()).singleElement().asString().startsWith("error: ")
          .contains("without a tenant")
          .endsWith("migrate --format=bigquery --bigqueryDataset=" + SHARED + " --tenant="
              + a.config().tenant());
      assertThat(migrated).as(out.toString(StandardCharsets.UTF_8)).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("migrated " + SHARED);
      assertThat(nightly.exitCode).as(nightly.toString()).isZero();
      assertThat(rows(SHARED, null)).isEqualTo(expected);
    }
  }

  private List<String> nightlyArgs(ApiSimulator sim) {
    List<String> args = SimJob.without(SimJob.args(sim, tmp.resolve("token-"
        + sim.config().tenant()), tmp.resolve("unused"), RERUN_FROM, RERUN_TO), "output");
    args.add("--format=bigquery");
    args.add("--bigqueryDataset=" + SHARED);
    args.add("--tempLocation=" + tmp.resolve("temp-nightly"));
    return args;
  }

  /** Runs the {@code migrate ...} command line {@code command} as {@code Main} would. */
  private static int migrate(String command, ByteArrayOutputStream out) {
    String[] args = command.split(" ");
    assertThat(BigQueryMigrateCommand.selectedBy(args)).as(command).isTrue();
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      return new BigQueryMigrateCommand(o, o, FakeBigQuery.backend())
          .run(java.util.Arrays.copyOfRange(args, 1, args.length));
    }
  }
}
