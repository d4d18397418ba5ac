package com.amperityworkflowruns.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amperityworkflowruns.model.Days;
import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The promises of {@link TableStore}, run against the real store through a loopback stand-in for
 * BigQuery's REST API ({@code BigQueryTableStoreContractTest}) and against the in-memory store the
 * pipeline tests use ({@code InMemoryTableStoreTest}). A subclass supplies the store, a dataset, a
 * way to load rows into a table (in production BigQueryIO loads the staging tables) and a reader.
 *
 * <p>Atomicity: a reader of its own (sharing no lock with the writer) reads both targets of a
 * replacement together while the replacements run, from a thread of its own, after each
 * replacement, and at every point inside a write where the subclass can stop one ({@link
 * #probeInsideWrites}); it must see all old or all new rows. The same reader sees a mix when the
 * same store replaces the tables one by one ({@link TableByTableStore}): the case can fail.
 */
abstract class TableStoreContract {
  static final DatasetRef DATASET = DatasetRef.parse("contract-project:runs");
  static final TableSpec SPEC = BigQueryTables.REJECTS;
  static final TableSpec OTHER = BigQueryTables.STATS;
  /**
   * The rejects' columns under another name: a table whose rows are replaced on every day given,
   * as the runs and statistics tables' are (only the rejects keep to the range).
   */
  static final TableSpec EVERY_DAY = new TableSpec("rejects_of_every_day", SPEC.columns(),
      SPEC.partitionField(), SPEC.clustering());
  static final LocalDate BEFORE = LocalDate.of(2024, 1, 1);
  static final LocalDate EMPTIED = LocalDate.of(2024, 1, 2);
  static final LocalDate REPLACED = LocalDate.of(2024, 1, 3);
  static final LocalDate AFTER = LocalDate.of(2024, 1, 4);
  static final String TENANT = "acme";
  static final String OTHER_TENANT = "acme-sandbox";
  static final Days RANGE = Days.range(EMPTIED, AFTER);

  TableStore store;

  abstract TableStore openStore() throws Exception;

  abstract void createDataset(DatasetRef dataset) throws Exception;

  abstract void load(TableReference table, List<TableRow> rows) throws Exception;

  abstract List<TableRow> read(TableReference table) throws Exception;

  /** Reads several tables as one query would: at one point in time. */
  abstract List<List<TableRow>> readTogether(List<TableReference> tables) throws Exception;

  /**
   * Runs {@code probe} at every point inside the store's writes where the subclass can stop one
   * (between the statements of a transaction); by default at none.
   */
  void probeInsideWrites(Runnable probe) {}

  /** How many times the atomicity cases flip the range between old and new rows. */
  int flips() {
    return 200;
  }

  @BeforeEach
  void openStoreWithDataset() throws Exception {
    createDataset(DATASET);
    store = openStore();
  }

  static TableRow reject(String id, LocalDate day) {
    return reject(id, day, TENANT);
  }

  /** A reject row of {@code tenant} (null: a row written before tables held tenants). */
  static TableRow reject(String id, LocalDate day, String tenant) {
    TableRow row = new TableRow().set("run_id", id).set("reason", "missing id")
        .set("raw_json", "{}").set("created_date", day.toString());
    return tenant == null ? row : row.set("tenant", tenant);
  }

  private List<String> ids(TableReference t) throws Exception {
    List<String> ids = new ArrayList<>();
    for (TableRow r : read(t)) {
      ids.add(r.get("run_id") + "@" + r.get("created_date"));
    }
    ids.sort(Comparator.naturalOrder());
    return ids;
  }

  @Test
  void checkDataset_passesForAnExistingDatasetAndNamesAMissingOneNotFound() throws Exception {
    store.checkDataset(DATASET);

    assertThatThrownBy(() -> store.checkDataset(DatasetRef.parse("contract-project:missing")))
        .isInstanceOfSatisfying(TableStoreException.class,
            e -> assertThat(e.kind()).isEqualTo(TableStoreException.Kind.NOT_FOUND));
  }

  @Test
  void createTable_hasTheSpecsColumnsDayPartitioningAndClustering() throws Exception {
    TableReference ref = DATASET.table("workflow_runs");

    store.createTable(ref, BigQueryTables.RUNS, null);

    Table t = store.describe(ref);
    assertThat(t).isNotNull();
    assertThat(SchemaCheck.conflict("t", t, BigQueryTables.RUNS)).isNull();
    assertThat(t.getTimePartitioning().getType()).isEqualTo("DAY");
    assertThat(t.getTimePartitioning().getField()).isEqualTo("created_date");
    assertThat(t.getClustering().getFields()).containsExactly("tenant", "type", "state");
  }

  @Test
  void createTable_twice_failsAlreadyExists_andDescribeOfAMissingTableIsNull() throws Exception {
    TableReference ref = DATASET.table("rejects");
    store.createTable(ref, SPEC, Instant.parse("2030-01-01T00:00:00Z"));

    assertThatThrownBy(() -> store.createTable(ref, SPEC, null))
        .isInstanceOfSatisfying(TableStoreException.class,
            e -> assertThat(e.kind()).isEqualTo(TableStoreException.Kind.ALREADY_EXISTS));
    assertThat(store.describe(DATASET.table("nothing_here"))).isNull();
  }

  @Test
  void dropTable_removesTheTable_andDroppingAMissingTableIsFine() throws Exception {
    TableReference ref = DATASET.table("rejects");
    store.createTable(ref, SPEC, null);

    store.dropTable(ref);
    store.dropTable(ref);

    assertThat(store.describe(ref)).isNull();
  }

  /** Target: days BEFORE, EMPTIED, REPLACED, AFTER; staging: new rows for REPLACED only. */
  private TableStore.Replacement arrangeTargetAndStaging(TableSpec spec, String name)
      throws Exception {
    TableReference target = DATASET.table(name);
    TableReference staging = DATASET.table(name + "__staging_job");
    store.createTable(target, spec, null);
    store.createTable(staging, spec, null);
    load(target, List.of(
        reject("old-before", BEFORE), reject("old-emptied", EMPTIED),
        reject("old-replaced-1", REPLACED), reject("old-replaced-2", REPLACED),
        reject("old-after", AFTER)));
    load(staging, List.of(
        reject("new-replaced", REPLACED),
        reject("new-outside-range", AFTER)));
    return new TableStore.Replacement(target, staging, spec);
  }

  @Test
  void replaceDays_emptiesCoveredDaysWithoutRows_replacesTheOthers_andLeavesNeighboursAlone()
      throws Exception {
    TableStore.Replacement r = arrangeTargetAndStaging(SPEC, "rejects");

    store.replaceDays(List.of(r), RANGE, TENANT);

    assertThat(ids(r.target)).containsExactly(
        "new-replaced@2024-01-03", "old-after@2024-01-04", "old-before@2024-01-01");
    assertThat(store.rowCountsPerPartition(r.target, "created_date", BEFORE, AFTER.plusDays(1),
        TENANT))
        .isEqualTo(new java.util.TreeMap<>(Map.of(BEFORE, 1L, REPLACED, 1L, AFTER, 1L)));
  }

  @Test
  void replaceDays_runTwice_givesTheSameTable() throws Exception {
    TableStore.Replacement r = arrangeTargetAndStaging(SPEC, "rejects");
    store.replaceDays(List.of(r), RANGE, TENANT);
    List<String> once = ids(r.target);

    store.replaceDays(List.of(r), RANGE, TENANT);

    assertThat(ids(r.target)).isEqualTo(once);
  }

  @Test
  void replaceDays_whenOneStagingTableIsMissing_changesNoTable() throws Exception {
    TableStore.Replacement first = arrangeTargetAndStaging(SPEC, "rejects");
    TableReference other = DATASET.table("other");
    store.createTable(other, SPEC, null);
    load(other, List.of(reject("other-kept", EMPTIED)));
    TableStore.Replacement broken =
        new TableStore.Replacement(other, DATASET.table("no_such_staging"), SPEC);
    List<String> before = ids(first.target);

    assertThatThrownBy(() -> store.replaceDays(List.of(first, broken), RANGE, TENANT))
        .isInstanceOf(TableStoreException.class);

    assertThat(ids(first.target)).isEqualTo(before);
    assertThat(ids(other)).containsExactly("other-kept@2024-01-02");
  }

  /** Every row of {@code t} of {@code tenant} (null: without one), as stored, in a stable order. */
  private List<TableRow> rowsOf(TableReference t, String tenant) throws Exception {
    List<TableRow> rows = new ArrayList<>();
    for (TableRow r : read(t)) {
      if (java.util.Objects.equals(r.get("tenant"), tenant)) {
        rows.add(r);
      }
    }
    rows.sort(Comparator.comparing(TableRow::toString));
    return rows;
  }

  @Test
  void replaceDays_ofOneTenant_leavesAnotherTenantsRowsAndRowsWithoutATenantExactlyAsTheyWere()
      throws Exception {
    // Arrange: the sandbox tenant and a row without a tenant on every day of the target
    TableStore.Replacement r = arrangeTargetAndStaging(SPEC, "rejects");
    load(r.target, List.of(reject("sandbox-emptied", EMPTIED, OTHER_TENANT),
        reject("sandbox-replaced", REPLACED, OTHER_TENANT),
        reject("sandbox-after", AFTER, OTHER_TENANT), reject("nobodys", REPLACED, null)));
    List<TableRow> sandboxBefore = rowsOf(r.target, OTHER_TENANT);
    List<TableRow> nobodysBefore = rowsOf(r.target, null);

    // Act
    store.replaceDays(List.of(r), RANGE, TENANT);

    // Assert
    assertThat(rowsOf(r.target, OTHER_TENANT)).isEqualTo(sandboxBefore).hasSize(3);
    assertThat(rowsOf(r.target, null)).isEqualTo(nobodysBefore).hasSize(1);
    assertThat(rowsOf(r.target, TENANT)).extracting(t -> t.get("run_id") + "@"
        + t.get("created_date")).containsExactlyInAnyOrder(
        "new-replaced@2024-01-03", "old-after@2024-01-04", "old-before@2024-01-01");
  }

  @Test
  void rowCountsPerPartition_countsOnlyTheTenantsRows() throws Exception {
    TableStore.Replacement r = arrangeTargetAndStaging(SPEC, "rejects");
    load(r.target, List.of(reject("sandbox-1", EMPTIED, OTHER_TENANT),
        reject("sandbox-2", AFTER, OTHER_TENANT), reject("nobodys", EMPTIED, null)));

    assertThat(store.rowCountsPerPartition(r.target, "created_date", BEFORE, AFTER.plusDays(1),
        TENANT)).isEqualTo(new java.util.TreeMap<>(
            Map.of(BEFORE, 1L, EMPTIED, 1L, REPLACED, 2L, AFTER, 1L)));
    assertThat(store.rowCountsPerPartition(r.target, "created_date", BEFORE, AFTER.plusDays(1),
        OTHER_TENANT)).isEqualTo(new java.util.TreeMap<>(Map.of(EMPTIED, 1L, AFTER, 1L)));
  }

  @Test
  void replaceDays_withAnExtraDayOutsideTheRange_replacesThatDayToo_andNoDayBetween()
      throws Exception {
    TableStore.Replacement r = arrangeTargetAndStaging(EVERY_DAY, EVERY_DAY.name());

    store.replaceDays(List.of(r), Days.range(EMPTIED, REPLACED).plus(List.of(AFTER)), TENANT);

    assertThat(ids(r.target)).containsExactly("new-outside-range@2024-01-04",
        "old-before@2024-01-01", "old-replaced-1@2024-01-03", "old-replaced-2@2024-01-03");
  }

  @Test
  void replaceDays_ofTheRejects_leavesAnExtraDayOutsideTheRangeAsItWas() throws Exception {
    // Arrange: the rejects' day AFTER holds an undated reject an earlier job filed there
    TableStore.Replacement r = arrangeTargetAndStaging(SPEC, "rejects");

    // Act
    store.replaceDays(List.of(r), Days.range(EMPTIED, REPLACED).plus(List.of(AFTER)), TENANT);

    // Assert
    assertThat(ids(r.target)).containsExactly("old-after@2024-01-04", "old-before@2024-01-01",
        "old-replaced-1@2024-01-03", "old-replaced-2@2024-01-03");
  }

  @Test
  void replaceDays_inATableClusteredWithoutTenant_works() throws Exception {
    // Arrange: a table as an earlier version clustered it (no tenant), with today's columns
    TableReference target = DATASET.table("rejects");
    TableReference staging = DATASET.table("rejects__staging_job");
    store.createTable(target, PreTenantTables.clusteredWithoutTenant(SPEC), null);
    store.createTable(staging, SPEC, null);
    load(target, List.of(reject("old", REPLACED), reject("sandbox", REPLACED, OTHER_TENANT)));
    load(staging, List.of(reject("new", REPLACED)));
    assertThat(store.describe(target).getClustering()).isNull();

    // Act
    store.replaceDays(List.of(new TableStore.Replacement(target, staging, SPEC)), RANGE, TENANT);

    // Assert
    assertThat(ids(target)).containsExactly("new@2024-01-03", "sandbox@2024-01-03");
  }

  @Test
  void createTable_withMoreClusteringColumnsThanBigQueryAllows_fails() {
    TableSpec five = new TableSpec("workflow_runs", BigQueryTables.RUNS.columns(), "created_date",
        List.of("tenant", "type", "state", "name", "run_id"));

    assertThatThrownBy(() -> store.createTable(DATASET.table("workflow_runs"), five, null))
        .isInstanceOf(TableStoreException.class);
  }

  @Test
  void countRowsWithoutTenant_countsEveryRowOfATableWithoutTheColumn_andNullTenantsOfOneWithIt()
      throws Exception {
    TableReference before = DATASET.table("workflow_type_stats");
    store.createTable(before, PreTenantTables.spec(OTHER), null);
    load(before, List.of(stats(EMPTIED, null), stats(REPLACED, null)));
    TableReference today = DATASET.table("rejects");
    store.createTable(today, SPEC, null);
    load(today, List.of(reject("a", EMPTIED), reject("b", EMPTIED, null)));

    assertThat(store.countRowsWithoutTenant(before)).isEqualTo(2);
    assertThat(store.countRowsWithoutTenant(today)).isEqualTo(1);
    assertThat(store.countRowsWithoutTenant(DATASET.table("missing"))).isZero();
  }

  /** A statistics row of {@code day} (tenant null: none, as written before tenants). */
  static TableRow stats(LocalDate day, String tenant) {
    TableRow row = new TableRow().set("created_date", day.toString()).set("type", "t")
        .set("runs", 2).set("succeeded", 1).set("failed", 0).set("canceled", 0).set("stopped", 0)
        .set("open_runs", 1).set("customer_errors", 0).set("platform_errors", 0);
    return tenant == null ? row : row.set("tenant", tenant);
  }

  /** A run row of {@code day} whose tenant column holds {@code tenant} (the API's, before). */
  static TableRow run(String id, LocalDate day, String tenant) {
    TableRow row = new TableRow().set("run_id", id).set("state", "SUCCEEDED")
        .set("is_terminal", true).set("created_at", day + "T10:00:00.000000Z")
        .set("created_date", day.toString()).set("raw_json", "{\"id\":\"" + id + "\"}");
    return tenant == null ? row : row.set("tenant", tenant);
  }

  @Test
  void addTenantColumn_appendsANullableStringColumn_keepsEveryRow_andTwiceChangesNothing()
      throws Exception {
    TableReference t = DATASET.table("workflow_type_stats");
    store.createTable(t, PreTenantTables.spec(OTHER), null);
    load(t, List.of(stats(EMPTIED, null)));
    List<TableRow> before = read(t);

    store.addTenantColumn(t);
    store.addTenantColumn(t);

    List<com.google.api.services.bigquery.model.TableFieldSchema> fields =
        store.describe(t).getSchema().getFields();
    assertThat(fields).last().satisfies(f -> {
      assertThat(f.getName()).isEqualTo("tenant");
      assertThat(f.getType()).isEqualTo("STRING");
      assertThat(f.getMode()).isEqualTo("NULLABLE");
    });
    assertThat(fields).filteredOn(f -> f.getName().equals("tenant")).hasSize(1);
    assertThat(SchemaCheck.conflict("t", store.describe(t), OTHER)).isNull();
    assertThat(read(t)).isEqualTo(before);
  }

  @Test
  void fileUnderTenant_filesEveryRowWrittenBeforeTenants_andTheRunsOfTheirDays_losingNone()
      throws Exception {
    // Arrange: tables as before tenants; the runs carry the API's tenant value (or none); the
    // sandbox already has a run on a day without rows from before tenants
    List<TableSpec> batch = BigQueryTables.all();
    for (TableSpec spec : batch) {
      store.createTable(DATASET.table(spec.name()), PreTenantTables.spec(spec), null);
    }
    TableReference runs = DATASET.table("workflow_runs");
    TableReference stats = DATASET.table("workflow_type_stats");
    TableReference rejects = DATASET.table("rejects");
    load(runs, List.of(run("r1", EMPTIED, "acme-as-the-api-names-it"), run("r2", EMPTIED, null),
        run("r3", REPLACED, TENANT), run("s1", AFTER, OTHER_TENANT)));
    load(stats, List.of(stats(EMPTIED, null), stats(REPLACED, null)));
    load(rejects, List.of(reject("x", REPLACED, null)));
    long rowsBefore = read(runs).size() + read(stats).size() + read(rejects).size();

    // Act
    store.fileUnderTenant(DATASET, batch, TENANT);
    List<List<TableRow>> once = List.of(read(runs), read(stats), read(rejects));
    store.fileUnderTenant(DATASET, batch, TENANT);

    // Assert
    assertThat(read(runs)).extracting(r -> r.get("run_id") + ":" + r.get("tenant"))
        .containsExactlyInAnyOrder("r1:acme", "r2:acme", "r3:acme", "s1:acme-sandbox");
    assertThat(read(stats)).extracting(r -> r.get("tenant")).containsOnly(TENANT).hasSize(2);
    assertThat(read(rejects)).extracting(r -> r.get("tenant")).containsExactly(TENANT);
    assertThat(read(runs).size() + read(stats).size() + read(rejects).size())
        .isEqualTo(rowsBefore);
    assertThat(List.of(read(runs), read(stats), read(rejects))).isEqualTo(once);
    for (TableSpec spec : batch) {
      assertThat(store.countRowsWithoutTenant(DATASET.table(spec.name()))).isZero();
      assertThat(SchemaCheck.conflict(spec.name(), store.describe(DATASET.table(spec.name())),
          spec)).isNull();
    }
  }

  /** Creates the statistics and refresh-marks tables of {@link #DATASET}. */
  private void arrangeStatsAndMarks() throws Exception {
    store.createTable(DATASET.table("workflow_type_stats"), OTHER, null);
    store.createTable(DATASET.table("_refresh_marks"), BigQueryTables.REFRESH_MARKS, null);
  }

  private TableStore.MarkUpdate mark(Instant seen, Instant ours, String jobId) {
    return new TableStore.MarkUpdate(DATASET, seen, ours, jobId);
  }

  @Test
  void refreshMark_isNullWithoutDays_elseTheTenantsOpenDaysAndNoEndedThroughBeforeAPublish()
      throws Exception {
    arrangeStatsAndMarks();
    TableRow closed = stats(BEFORE, TENANT).set("open_runs", 0);
    load(DATASET.table("workflow_type_stats"), List.of(closed, stats(EMPTIED, TENANT),
        stats(REPLACED, OTHER_TENANT)));

    com.amperityworkflowruns.publish.RefreshMark acme = store.refreshMark(DATASET, TENANT);

    assertThat(acme).isNotNull();
    assertThat(acme.openDays()).containsExactly(EMPTIED);
    assertThat(acme.endedThrough()).isNull();
    assertThat(store.refreshMark(DATASET, OTHER_TENANT).openDays()).containsExactly(REPLACED);
    assertThat(store.refreshMark(DATASET, "nobody")).isNull();
  }

  @Test
  void replaceDays_withAMark_movesTheTenantsEndedThroughInTheSameStep_unlessAnotherPublishCameBetween()
      throws Exception {
    // Arrange
    arrangeStatsAndMarks();
    TableStore.Replacement r = arrangeTargetAndStaging(SPEC, "rejects");
    Instant t1 = Instant.parse("2024-01-05T01:00:00Z");
    Instant t2 = Instant.parse("2024-01-06T01:00:00Z");
    Instant t3 = Instant.parse("2024-01-07T01:00:00Z");
    store.replaceDays(List.of(r), RANGE, OTHER_TENANT, mark(null, t3, "job-sandbox"));

    // Act: the first publish, the next one that read it, and one that read the first while the
    // second published (it started before the second's publish: its days know less)
    store.replaceDays(List.of(r), RANGE, TENANT, mark(null, t1, "job-1"));
    Instant afterFirst = store.refreshMark(DATASET, TENANT).endedThrough();
    store.replaceDays(List.of(r), RANGE, TENANT, mark(t1, t3, "job-2"));
    Instant afterSecond = store.refreshMark(DATASET, TENANT).endedThrough();
    store.replaceDays(List.of(r), RANGE, TENANT, mark(t1, t2, "job-3"));

    // Assert
    assertThat(afterFirst).isEqualTo(t1);
    assertThat(afterSecond).isEqualTo(t3);
    assertThat(store.refreshMark(DATASET, TENANT).endedThrough()).isEqualTo(t2);
    assertThat(store.refreshMark(DATASET, OTHER_TENANT).endedThrough()).isEqualTo(t3);
    assertThat(read(DATASET.table("_refresh_marks"))).hasSize(2);
  }

  @Test
  void replaceDays_withAMark_thatFails_leavesTheMarkAsItWas() throws Exception {
    arrangeStatsAndMarks();
    TableStore.Replacement r = arrangeTargetAndStaging(SPEC, "rejects");
    Instant t1 = Instant.parse("2024-01-05T01:00:00Z");
    store.replaceDays(List.of(r), RANGE, TENANT, mark(null, t1, "job-1"));
    TableStore.Replacement broken = new TableStore.Replacement(r.target,
        DATASET.table("no_such_staging"), SPEC);

    assertThatThrownBy(() -> store.replaceDays(List.of(broken), RANGE, TENANT,
        mark(t1, Instant.parse("2024-01-09T01:00:00Z"), "job-2")))
        .isInstanceOf(TableStoreException.class);

    assertThat(store.refreshMark(DATASET, TENANT).endedThrough()).isEqualTo(t1);
  }

  @Test
  void deleteWindowsAndCountWindow_ofOneTenant_neitherDeleteNorCountAnotherTenantsRows()
      throws Exception {
    TableReference t = DATASET.table("finished_runs");
    store.createTable(t, BigQueryTables.FINISHED_RUNS, null);
    load(t, List.of(streamRun("a", "2024-03-01T10:15:00.000000Z"),
        streamRun("s", "2024-03-01T10:15:00.000000Z", OTHER_TENANT)));
    Instant from = Instant.parse("2024-03-01T10:00:00Z");
    Instant to = Instant.parse("2024-03-01T11:00:00Z");
    List<TableRow> sandboxBefore = rowsOf(t, OTHER_TENANT);

    long counted = store.countWindow(t, BigQueryTables.FINISHED_RUNS, from, to, TENANT);
    long deleted = store.deleteWindows(t, BigQueryTables.FINISHED_RUNS, from, null, TENANT);

    assertThat(counted).isEqualTo(1);
    assertThat(deleted).isEqualTo(1);
    assertThat(rowsOf(t, OTHER_TENANT)).isEqualTo(sandboxBefore).hasSize(1);
    assertThat(store.countWindow(t, BigQueryTables.FINISHED_RUNS, from, to, OTHER_TENANT))
        .isEqualTo(1);
  }

  @Test
  void rowCountsPerPartition_countsOnlyDaysInRangeThatHaveRows() throws Exception {
    TableStore.Replacement r = arrangeTargetAndStaging(SPEC, "rejects");

    assertThat(store.rowCountsPerPartition(r.target, "created_date", EMPTIED, AFTER, TENANT))
        .containsOnlyKeys(EMPTIED, REPLACED)
        .containsEntry(EMPTIED, 1L)
        .containsEntry(REPLACED, 2L);
  }

  @Test
  void replaceDays_aReaderOfBothTablesSeesAllOldOrAllNewRows_neverAMix() throws Exception {
    List<String> observed = observeFlips(look -> store);

    assertNeverMixed(observed);
  }

  @Test
  void replaceDays_tableByTable_isSeenMixedByTheSameReader_soTheAtomicityCaseCanFail()
      throws Exception {
    // Arrange: this store, but replacing one table per call, the reader looking between the calls

    // Act
    List<String> observed = observeFlips(look -> new TableByTableStore(store, look));

    // Assert
    assertThat(observed).contains("new|old");
    assertThatThrownBy(() -> assertNeverMixed(observed)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("mixed observations");
  }

  /** Fails unless the reader saw both states and never a mix of them. */
  private static void assertNeverMixed(List<String> observed) {
    assertThat(observed).as("observations").contains("old|old", "new|new");
    assertThat(observed.stream().filter(o -> !o.equals("old|old") && !o.equals("new|new"))
        .limit(5).toList()).as("mixed observations").isEmpty();
  }

  /**
   * Flips the range of two tables between old and new rows {@link #flips} times through the store
   * that {@code writerOf} makes of the reader's look, while the reader reads both tables together
   * from a thread of its own, after each flip and wherever the probes run; returns what each read
   * saw: "old|old", "new|new" or a mix.
   */
  private List<String> observeFlips(Function<Runnable, TableStore> writerOf) throws Exception {
    // Arrange: two tables whose range holds "old-*" rows; for each, a staging table with the new
    // rows and one with the old rows again, so that every replacement flips the range.
    TableStore.Replacement first = arrangeTargetAndStaging(SPEC, "rejects");
    TableStore.Replacement second = arrangeTargetAndStaging(SPEC, "rejects_copy");
    List<TableStore.Replacement> toNew = List.of(first, second);
    List<TableStore.Replacement> toOld = new ArrayList<>();
    for (TableStore.Replacement r : toNew) {
      TableReference back = DATASET.table(r.target.getTableId() + "__staging_back");
      store.createTable(back, SPEC, null);
      load(back, List.of(reject("old-emptied", EMPTIED), reject("old-replaced-1", REPLACED),
          reject("old-replaced-2", REPLACED)));
      toOld.add(new TableStore.Replacement(r.target, back, SPEC));
    }
    List<TableReference> targets = List.of(first.target, second.target);
    List<String> observed = Collections.synchronizedList(new ArrayList<>());
    Runnable look = () -> {
      try {
        List<List<TableRow>> both = readTogether(targets);
        observed.add(state(both.get(0)) + "|" + state(both.get(1)));
      } catch (Exception e) {
        observed.add("error " + e);
      }
    };
    TableStore writer = writerOf.apply(look);
    CountDownLatch readerStarted = new CountDownLatch(1);
    AtomicBoolean done = new AtomicBoolean();
    Thread reader = new Thread(() -> {
      readerStarted.countDown();
      for (int i = 0; i < 1_000_000 && !done.get(); i++) {
        look.run();
      }
    }, "contract-reader");
    probeInsideWrites(look);
    reader.start();
    readerStarted.await();

    // Act
    try {
      for (int i = 0; i < flips(); i++) {
        writer.replaceDays(i % 2 == 0 ? toNew : toOld, RANGE, TENANT);
        look.run();
      }
    } finally {
      done.set(true);
      reader.join();
      probeInsideWrites(() -> {});
    }
    return observed;
  }

  /** "old" when the range still holds the old rows, "new" when only the staged ones. */
  private static String state(List<TableRow> rows) {
    boolean anyOld = rows.stream().anyMatch(r -> String.valueOf(r.get("run_id"))
        .startsWith("old-replaced"));
    boolean anyNew = rows.stream().anyMatch(r -> "new-replaced".equals(r.get("run_id")));
    return anyOld && !anyNew ? "old" : anyNew && !anyOld ? "new" : "mixed";
  }

  private static TableRow streamRun(String id, String endedAt) {
    return streamRun(id, endedAt, TENANT);
  }

  private static TableRow streamRun(String id, String endedAt, String tenant) {
    return new TableRow().set("run_id", id).set("state", "SUCCEEDED").set("is_terminal", true)
        .set("created_at", "2024-03-01T00:00:00.000000Z").set("ended_at", endedAt)
        .set("created_date", "2024-03-01").set("raw_json", "{}")
        .set("ended_date", endedAt.substring(0, 10)).set("tenant", tenant);
  }

  @Test
  void deleteWindows_deletesTheRowsOfTheWindowsFromAPointOn_andNothingElse() throws Exception {
    // Arrange: runs in the windows 09:00, 10:00, 11:00 of one day and 00:00 of the next
    TableReference t = DATASET.table("finished_runs");
    store.createTable(t, BigQueryTables.FINISHED_RUNS, null);
    load(t, List.of(streamRun("a", "2024-03-01T09:59:59.999999Z"),
        streamRun("b", "2024-03-01T10:00:00.000000Z"), streamRun("c", "2024-03-01T11:30:00.000000Z"),
        streamRun("d", "2024-03-02T00:10:00.000000Z")));

    // Act
    long bounded = store.deleteWindows(t, BigQueryTables.FINISHED_RUNS,
        java.time.Instant.parse("2024-03-01T10:00:00Z"),
        java.time.Instant.parse("2024-03-01T11:00:00Z"), TENANT);
    List<String> afterBounded = read(t).stream().map(r -> (String) r.get("run_id")).sorted().toList();
    long open = store.deleteWindows(t, BigQueryTables.FINISHED_RUNS,
        java.time.Instant.parse("2024-03-01T11:00:00Z"), null, TENANT);
    long again = store.deleteWindows(t, BigQueryTables.FINISHED_RUNS,
        java.time.Instant.parse("2024-03-01T11:00:00Z"), null, TENANT);

    // Assert
    assertThat(bounded).isEqualTo(1);
    assertThat(afterBounded).containsExactly("a", "c", "d");
    assertThat(open).isEqualTo(2);
    assertThat(again).isZero();
    assertThat(read(t)).extracting(r -> r.get("run_id")).containsExactly("a");
  }

  @Test
  void countWindow_countsTheRowsWhoseWindowColumnLiesInIt() throws Exception {
    TableReference t = DATASET.table("finished_runs");
    store.createTable(t, BigQueryTables.FINISHED_RUNS, null);
    load(t, List.of(streamRun("a", "2024-03-01T09:59:59.999999Z"),
        streamRun("b", "2024-03-01T10:00:00.000000Z"),
        streamRun("c", "2024-03-01T10:59:59.999999Z"),
        streamRun("d", "2024-03-01T11:00:00.000000Z")));

    long n = store.countWindow(t, BigQueryTables.FINISHED_RUNS,
        java.time.Instant.parse("2024-03-01T10:00:00Z"),
        java.time.Instant.parse("2024-03-01T11:00:00Z"), TENANT);

    assertThat(n).isEqualTo(2);
  }

  @Test
  void deleteWindows_ofABatchTable_isRefused() throws Exception {
    TableReference t = DATASET.table("workflow_runs");
    store.createTable(t, BigQueryTables.RUNS, null);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.deleteWindows(t,
        BigQueryTables.RUNS, java.time.Instant.parse("2024-03-01T10:00:00Z"), null, TENANT))
        .hasMessageContaining("not a stream table");
  }
}
