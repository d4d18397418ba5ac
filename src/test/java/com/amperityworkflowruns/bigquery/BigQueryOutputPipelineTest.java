package com.amperityworkflowruns.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.model.Days;
import com.amperityworkflowruns.model.Reject;
import com.amperityworkflowruns.model.TypeStats;
import com.amperityworkflowruns.model.WorkflowRun;
import com.amperityworkflowruns.sink.WriteTables;
import com.google.api.services.bigquery.model.JobConfigurationLoad;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableRow;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BigQueryOutput} on the Direct runner against Beam's fake BigQuery services: load settings,
 * routing to each table's staging table, the rows and their types as BigQuery gets them, and the
 * replacement of the job's days in the published tables.
 */
@Timeout(120)
class BigQueryOutputPipelineTest {
  private static final DatasetRef DATASET = DatasetRef.parse("test-project:amperity");
  private static final LocalDate FROM = LocalDate.of(2024, 5, 1);
  private static final LocalDate TO = LocalDate.of(2024, 5, 3);
  /** 2024-05-01T10:00:00Z in epoch microseconds. */
  private static final long MAY_1_10H = 1_714_557_600_000_000L;
  private static final long DAY_MICROS = 86_400_000_000L;
  private static final String TENANT = "acme";

  @TempDir Path temp;

  @BeforeEach
  void resetFakes() {
    FakeBigQuery.reset(DATASET);
  }

  private static WorkflowRun run(String id, String day, long createdAtMicros) {
    return new WorkflowRun(id, "acme", "Daily load", "ingest", "FAILED", "Failed", true,
        createdAtMicros, createdAtMicros + 90_000_000L, 90_000L, day, "p-1", "Ada",
        "ada@example.com", "customer", "SchemaError", "bad column", "{\"col\":\"x\"}",
        "{\"id\":\"" + id + "\"}");
  }

  private static WorkflowRun sparseRun(String id, String day, long createdAtMicros) {
    return new WorkflowRun(id, null, null, null, "IN_PROGRESS", null, false, createdAtMicros,
        null, null, day, null, null, null, null, null, null, null, "{\"id\":\"" + id + "\"}");
  }

  private static TypeStats stats(String day) {
    return new TypeStats(day, "ingest", 10, 6, 2, 1, 0, 1, 2.0 / 9, 1, 1, 100L, 250.5, 200L,
        400L, 450L, 490L, 500L);
  }

  private void runJob(String jobId, List<WorkflowRun> runs, List<TypeStats> stats,
      List<Reject> rejects) {
    runJob(jobId, runs, stats, rejects, false);
  }

  private void runJob(String jobId, List<WorkflowRun> runs, List<TypeStats> stats,
      List<Reject> rejects, boolean allowShrink) {
    runJob(jobId, TENANT, Days.range(FROM, TO), runs, stats, rejects, allowShrink);
  }

  private void runJob(String jobId, String tenant, Days days, List<WorkflowRun> runs,
      List<TypeStats> stats, List<Reject> rejects, boolean allowShrink) {
    BigQueryBackend backend = FakeBigQuery.backend();
    BigQueryStaging staging = BigQueryStaging.of(DATASET, jobId);
    BigQueryPreparation.check(backend, DATASET, tenant);
    BigQueryPreparation.prepare(backend, staging, Instant.parse("2024-06-01T00:00:00Z"));
    PipelineOptions options = PipelineOptionsFactory.create();
    options.setTempLocation(temp.toString());
    Pipeline p = Pipeline.create(options);
    PCollectionTuple.of(WriteTables.RUNS, p.apply("Runs", Create.of(runs).withType(TypeDescriptor.of(WorkflowRun.class))))
        .and(WriteTables.STATS, p.apply("Stats", Create.of(stats).withType(TypeDescriptor.of(TypeStats.class))))
        .and(WriteTables.REJECTS, p.apply("Rejects", Create.of(rejects).withType(TypeDescriptor.of(Reject.class))))
        .apply("WriteBigQuery", BigQueryOutput.to(staging, backend).forTenant(tenant)
            .forDays(days).withAllowShrink(allowShrink));
    p.run().waitUntilFinish();
  }

  private static Map<String, Long> runsPerDay() {
    return FakeBigQuery.rows(DATASET, "workflow_runs").stream()
        .collect(Collectors.groupingBy(r -> String.valueOf(r.get("created_date")), TreeMap::new,
            Collectors.counting()));
  }

  @Test
  void prepare_createsTablesAndStagingTablesWithOurSchemaPartitioningAndClustering()
      throws Exception {
    // Act
    BigQueryPreparation.prepare(FakeBigQuery.backend(), BigQueryStaging.of(DATASET, "job-p"),
        Instant.parse("2024-06-01T00:00:00Z"));

    // Assert
    InMemoryTableStore store = new InMemoryTableStore();
    for (TableSpec spec : BigQueryTables.all()) {
      for (String name : List.of(spec.name(), spec.name() + "__staging_job_p")) {
        com.google.api.services.bigquery.model.Table t = store.describe(DATASET.table(name));
        assertThat(t).as(name).isNotNull();
        assertThat(t.getSchema().getFields()).extracting(TableFieldSchema::getName)
            .containsExactlyElementsOf(spec.columnNames());
        assertThat(t.getTimePartitioning().getField()).isEqualTo("created_date");
        assertThat(t.getClustering() == null ? List.of() : t.getClustering().getFields())
            .isEqualTo(spec.clustering());
        assertThat(t.getExpirationTime() != null).as(name + " expires")
            .isEqualTo(name.contains("__staging_"));
      }
    }
  }

  @Test
  void loads_areAvroFileLoadsIntoEachTablesStagingTable() {
    // Act
    runJob("job-a", List.of(run("r1", "2024-05-01", MAY_1_10H)), List.of(stats("2024-05-01")),
        List.of(new Reject("x", "missing id", "{}", "2024-05-02")));

    // Assert
    List<JobConfigurationLoad> loads = RecordingJobService.loads();
    assertThat(loads).extracting(l -> l.getDestinationTable().getTableId())
        .containsExactlyInAnyOrder("workflow_runs__staging_job_a",
            "workflow_type_stats__staging_job_a", "rejects__staging_job_a");
    for (JobConfigurationLoad load : loads) {
      assertThat(load.getSourceFormat()).isEqualTo("AVRO");
      assertThat(load.getUseAvroLogicalTypes()).isTrue();
      assertThat(load.getWriteDisposition()).isEqualTo("WRITE_APPEND");
      assertThat(load.getCreateDisposition()).isEqualTo("CREATE_NEVER");
      assertThat(load.getDestinationTable().getProjectId()).isEqualTo(DATASET.project);
      assertThat(load.getDestinationTable().getTableId()).endsWith("__staging_job_a");
      assertThat(load.getDestinationTable().getDatasetId()).isEqualTo(DATASET.dataset);
    }
  }

  @Test
  void rows_arriveWithEveryColumnAndBigQueryValues_andStagingTablesAreDropped() {
    // Act
    runJob("job-b",
        List.of(run("full", "2024-05-01", MAY_1_10H), sparseRun("sparse", "2024-05-02",
            MAY_1_10H + 86_400_000_000L)),
        List.of(stats("2024-05-01")),
        List.of(new Reject(null, "missing id", "{\"x\":1}", "2024-05-02")));

    // Assert
    Map<String, TableRow> runs = FakeBigQuery.rows(DATASET, "workflow_runs").stream()
        .collect(Collectors.toMap(r -> (String) r.get("run_id"), r -> r));
    assertThat(runs).containsOnlyKeys("full", "sparse");
    TableRow full = runs.get("full");
    assertThat(full.keySet()).containsExactlyInAnyOrderElementsOf(
        BigQueryTables.RUNS.columnNames());
    assertThat(full.get("created_date")).isEqualTo("2024-05-01");
    assertThat(String.valueOf(full.get("duration_ms"))).isEqualTo("90000");
    assertThat(full.get("is_terminal")).isEqualTo(true);
    assertThat(full.get("error_data")).isEqualTo("{\"col\":\"x\"}");
    assertThat(String.valueOf(full.get("created_at"))).startsWith("2024-05-01 10:00:00");
    assertThat(runs.get("sparse").get("ended_at")).isNull();
    assertThat(runs.values()).allSatisfy(r -> assertThat(r.get("tenant")).isEqualTo(TENANT));
    assertThat(FakeBigQuery.rows(DATASET, "workflow_type_stats")).singleElement()
        .satisfies(s -> assertThat(s.get("failure_rate")).isEqualTo(2.0 / 9))
        .satisfies(s -> assertThat(s.get("tenant")).isEqualTo(TENANT));
    assertThat(FakeBigQuery.rows(DATASET, "rejects")).singleElement()
        .satisfies(r -> assertThat(r.get("created_date")).isEqualTo("2024-05-02"))
        .satisfies(r -> assertThat(r.get("tenant")).isEqualTo(TENANT));
    for (TableSpec spec : BigQueryTables.all()) {
      assertThat(FakeBigQuery.exists(DATASET, spec.name() + "__staging_job_b")).isFalse();
    }
  }

  @Test
  void rerun_replacesItsDaysExactly_emptiesADayThatNowHasNoRows_andLeavesOtherDaysAlone()
      throws Exception {
    // Arrange: rows on the day before the range, on both days of the range, and the day after.
    runJob("job-c", List.of(run("r1", "2024-05-01", MAY_1_10H),
        run("r2", "2024-05-02", MAY_1_10H + 86_400_000_000L)), List.of(stats("2024-05-01")),
        List.of());
    InMemoryTableStore store = new InMemoryTableStore();
    new org.apache.beam.sdk.io.gcp.testing.FakeDatasetService().insertAll(
        DATASET.table("workflow_runs"),
        List.of(new TableRow().set("run_id", "before").set("created_date", "2024-04-30")
                .set("tenant", TENANT),
            new TableRow().set("run_id", "after").set("created_date", "2024-05-03")
                .set("tenant", TENANT)),
        null);

    // Act: the same range again; 2024-05-02 now has no run (meant: --allowShrink), 2024-05-01 a
    // new version of r1.
    WorkflowRun r1v2 = sparseRun("r1", "2024-05-01", MAY_1_10H);
    runJob("job-d", List.of(r1v2), List.of(), List.of(), true);

    // Assert
    assertThat(runsPerDay()).containsExactlyEntriesOf(
        new TreeMap<>(Map.of("2024-04-30", 1L, "2024-05-01", 1L, "2024-05-03", 1L)));
    assertThat(FakeBigQuery.rows(DATASET, "workflow_runs"))
        .filteredOn(r -> "r1".equals(r.get("run_id"))).singleElement()
        .satisfies(r -> assertThat(r.get("state")).isEqualTo("IN_PROGRESS"));
    assertThat(FakeBigQuery.rows(DATASET, "workflow_type_stats")).isEmpty();
    assertThat(store.rowCountsPerPartition(DATASET.table("workflow_runs"), "created_date",
        LocalDate.of(2024, 4, 30), LocalDate.of(2024, 5, 4), TENANT)).hasSize(3);
  }

  /** Every row of {@code tenant} in the three tables, as stored, in a stable order. */
  private static List<String> rowsOf(String tenant) {
    List<String> rows = new java.util.ArrayList<>();
    for (TableSpec spec : BigQueryTables.all()) {
      FakeBigQuery.rows(DATASET, spec.name()).stream()
          .filter(r -> tenant.equals(r.get("tenant")))
          .forEach(r -> rows.add(spec.name() + " " + r));
    }
    rows.sort(null);
    return rows;
  }

  @Test
  void anotherTenantsJobOverTheSameDaysAndAnExtraDay_leavesTheFirstTenantsRowsByteForByte_andItsShrinkGuardCountsOnlyItsOwn() {
    // Arrange: acme has runs on both days of the range and on the day after it; a run it read
    // names itself otherwise (a sandbox may), yet is filed under the job's tenant.
    Days days = Days.range(FROM, TO).plus(List.of(LocalDate.of(2024, 5, 3)));
    runJob("job-e", TENANT, days,
        List.of(run("a1", "2024-05-01", MAY_1_10H), run("a2", "2024-05-02", MAY_1_10H + DAY_MICROS),
            new WorkflowRun("a3", "acme-as-the-api-names-it", null, null, "SUCCEEDED", null, true,
                MAY_1_10H + 2 * DAY_MICROS, null, null, "2024-05-03", null, null, null, null, null,
                null, null, "{}")),
        List.of(stats("2024-05-01")), List.of(new Reject("x", "missing id", "{}", "2024-05-02")),
        false);
    List<String> acmeBefore = rowsOf(TENANT);

    // Act: the sandbox replaces the same days with one run, without --allowShrink: its guard
    // would refuse 2024-05-01 and 2024-05-02 (one run of acme each, none of its own) if it
    // counted acme's rows
    runJob("job-f", "acme-sandbox", days,
        List.of(run("s1", "2024-05-03", MAY_1_10H + 2 * DAY_MICROS)), List.of(stats("2024-05-03")),
        List.of(), false);

    // Assert
    assertThat(rowsOf(TENANT)).hasSize(5).isEqualTo(acmeBefore);
    assertThat(FakeBigQuery.rows(DATASET, "workflow_runs"))
        .extracting(r -> r.get("tenant") + "/" + r.get("run_id") + "@" + r.get("created_date"))
        .containsExactlyInAnyOrder("acme/a1@2024-05-01", "acme/a2@2024-05-02",
            "acme/a3@2024-05-03", "acme-sandbox/s1@2024-05-03");
    assertThat(FakeBigQuery.rows(DATASET, "workflow_type_stats"))
        .extracting(r -> r.get("tenant") + "@" + r.get("created_date"))
        .containsExactlyInAnyOrder("acme@2024-05-01", "acme-sandbox@2024-05-03");
    assertThat(FakeBigQuery.rows(DATASET, "rejects")).extracting(r -> r.get("tenant"))
        .containsExactly(TENANT);
  }

  @Test
  void aRerunOfTheFirstTenantOverPartOfTheRange_leavesTheOtherTenantsRowsByteForByte() {
    // Arrange: the sandbox, then acme, over the same days
    runJob("job-g", "acme-sandbox", Days.range(FROM, TO),
        List.of(run("s1", "2024-05-01", MAY_1_10H), run("s2", "2024-05-02", MAY_1_10H + DAY_MICROS)),
        List.of(stats("2024-05-01"), stats("2024-05-02")), List.of(), false);
    runJob("job-h", TENANT, Days.range(FROM, TO), List.of(run("a1", "2024-05-02",
        MAY_1_10H + DAY_MICROS)), List.of(stats("2024-05-02")), List.of(), false);
    List<String> sandboxBefore = rowsOf("acme-sandbox");

    // Act: acme's rerun of 2024-05-02 finds a second run
    runJob("job-i", TENANT, Days.range(LocalDate.of(2024, 5, 2), TO),
        List.of(run("a1", "2024-05-02", MAY_1_10H + DAY_MICROS),
            run("a2", "2024-05-02", MAY_1_10H + DAY_MICROS + 1)),
        List.of(stats("2024-05-02")), List.of(), false);

    // Assert
    assertThat(rowsOf("acme-sandbox")).hasSize(4).isEqualTo(sandboxBefore);
    assertThat(FakeBigQuery.rows(DATASET, "workflow_runs")).filteredOn(r -> TENANT.equals(
        r.get("tenant"))).extracting(r -> r.get("run_id")).containsExactlyInAnyOrder("a1", "a2");
  }

  @Test
  void aPublishOfTheJobsTenantThatShrinksADay_isRefused_namingTheTenant_andChangesNoRow() {
    // Arrange: acme has two runs on 2024-05-01; the sandbox has many on the same day
    runJob("job-j", "acme-sandbox", Days.range(FROM, TO), List.of(run("s1", "2024-05-01",
        MAY_1_10H), run("s2", "2024-05-01", MAY_1_10H + 1), run("s3", "2024-05-01",
        MAY_1_10H + 2)), List.of(), List.of(), false);
    runJob("job-k", TENANT, Days.range(FROM, TO), List.of(run("a1", "2024-05-01", MAY_1_10H),
        run("a2", "2024-05-01", MAY_1_10H + 1)), List.of(), List.of(), false);
    List<String> before = new java.util.ArrayList<>(rowsOf(TENANT));
    before.addAll(rowsOf("acme-sandbox"));

    // Act: acme's rerun finds no run on 2024-05-01
    Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> runJob("job-l",
        TENANT, Days.range(FROM, TO), List.of(), List.of(), List.of(), false));

    // Assert
    assertThat(refused).hasMessageContaining(TENANT).hasMessageContaining("2024-05-01")
        .hasMessageNotContaining("acme-sandbox");
    List<String> after = new java.util.ArrayList<>(rowsOf(TENANT));
    after.addAll(rowsOf("acme-sandbox"));
    assertThat(after).isEqualTo(before);
  }

  @Test
  void aDatasetWrittenBeforeTenants_migratedThenReplacedByAJob_losesNoRunOutsideTheJobsDays()
      throws Exception {
    // Arrange: tables as before tenants, with runs on the day before the range and in it
    PreTenantTables.createBatchTables(DATASET);
    PreTenantTables.insert(DATASET, "workflow_runs", List.of(
        TableStoreContract.run("old-0430", LocalDate.of(2024, 4, 30), "acme-as-the-api-names-it"),
        TableStoreContract.run("old-0501", LocalDate.of(2024, 5, 1), "acme-as-the-api-names-it")));
    PreTenantTables.insert(DATASET, "workflow_type_stats", List.of(
        TableStoreContract.stats(LocalDate.of(2024, 4, 30), null),
        TableStoreContract.stats(LocalDate.of(2024, 5, 1), null)));
    TenantMigration.migrate(FakeBigQuery.backend(), DATASET, TENANT);

    // Act
    runJob("job-m", List.of(run("old-0501", "2024-05-01", MAY_1_10H),
        run("new-0502", "2024-05-02", MAY_1_10H + DAY_MICROS)), List.of(stats("2024-05-01")),
        List.of());

    // Assert
    assertThat(FakeBigQuery.rows(DATASET, "workflow_runs"))
        .extracting(r -> r.get("tenant") + "/" + r.get("run_id") + "@" + r.get("created_date")
            + " " + r.get("state"))
        .containsExactlyInAnyOrder("acme/old-0430@2024-04-30 SUCCEEDED",
            "acme/old-0501@2024-05-01 FAILED", "acme/new-0502@2024-05-02 FAILED");
    assertThat(FakeBigQuery.rows(DATASET, "workflow_type_stats"))
        .extracting(r -> r.get("tenant") + "@" + r.get("created_date"))
        .containsExactlyInAnyOrder("acme@2024-04-30", "acme@2024-05-01");
  }
}
