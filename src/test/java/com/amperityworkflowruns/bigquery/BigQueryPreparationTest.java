package com.amperityworkflowruns.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableRow;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The launcher's BigQuery steps before a job reads: new tables are clustered with {@code tenant}
 * first; tables from before tenants keep working when they are empty (the column is added, their
 * clustering kept) and refuse the job with the {@code migrate} line when they hold rows.
 */
class BigQueryPreparationTest {
  private static final DatasetRef DATASET = DatasetRef.parse("test-project:prep");
  private static final Instant NOW = Instant.parse("2024-06-01T00:00:00Z");

  @BeforeEach
  void emptyDataset() {
    FakeBigQuery.reset(DATASET);
  }

  private static Table table(String name) throws TableStoreException {
    return new InMemoryTableStore().describe(DATASET.table(name));
  }

  @Test
  void prepare_ofAnEmptyDataset_createsEveryTableClusteredWithTenantFirst() throws Exception {
    BigQueryPreparation.prepare(FakeBigQuery.backend(), BigQueryStaging.of(DATASET, "job-1"),
        NOW);
    BigQueryPreparation.createMissing(FakeBigQuery.backend(), DATASET, BigQueryTables.stream());

    for (TableSpec spec : List.of(BigQueryTables.RUNS, BigQueryTables.STATS,
        BigQueryTables.REJECTS, BigQueryTables.FINISHED_RUNS, BigQueryTables.STATS_HOURLY,
        BigQueryTables.REJECTS_STREAM)) {
      assertThat(table(spec.name()).getClustering().getFields()).as(spec.name())
          .first().isEqualTo("tenant");
    }
  }

  @Test
  void emptyTablesFromBeforeTenants_passTheCheck_getTheTenantColumn_andKeepTheirClustering()
      throws Exception {
    // Arrange
    PreTenantTables.createBatchTables(DATASET);

    // Act
    BigQueryPreparation.check(FakeBigQuery.backend(), DATASET, "acme");
    BigQueryPreparation.prepare(FakeBigQuery.backend(), BigQueryStaging.of(DATASET, "job-1"),
        NOW);

    // Assert
    for (TableSpec spec : BigQueryTables.all()) {
      Table t = table(spec.name());
      assertThat(t.getSchema().getFields()).extracting(TableFieldSchema::getName)
          .containsOnlyOnce("tenant");
      assertThat(SchemaCheck.conflict(spec.name(), t, spec)).isNull();
      assertThat(t.getClustering() == null ? List.of() : t.getClustering().getFields())
          .as(spec.name()).isEqualTo(PreTenantTables.spec(spec).clustering());
    }
  }

  @Test
  void tablesFromBeforeTenantsHoldingRows_refuseTheJobWithOneLineNamingTheMigrateCommand() {
    // Arrange: a day written before tenants
    PreTenantTables.createBatchTables(DATASET);
    PreTenantTables.insert(DATASET, "workflow_runs", List.of(TableStoreContract.run("r1",
        TableStoreContract.EMPTIED, "acme")));
    PreTenantTables.insert(DATASET, "workflow_type_stats",
        List.of(TableStoreContract.stats(TableStoreContract.EMPTIED, null)));

    // Act / Assert
    assertThatThrownBy(() -> BigQueryPreparation.check(FakeBigQuery.backend(), DATASET, "acme"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("`test-project.prep.workflow_type_stats` holds 1 row(s) without a"
            + " tenant")
        .hasMessageContaining("migrate --format=bigquery --bigqueryDataset=test-project:prep"
            + " --tenant=acme")
        .hasMessageNotContaining("\n");
    assertThat(FakeBigQuery.rows(DATASET, "workflow_runs")).extracting(r -> r.get("run_id"))
        .containsExactly("r1");
  }

  @Test
  void migrate_filesEveryRowUnderTheTenant_thenTheCheckPasses_andAgainItDoesNothing()
      throws Exception {
    // Arrange
    PreTenantTables.createBatchTables(DATASET);
    PreTenantTables.insert(DATASET, "workflow_runs", List.of(TableStoreContract.run("r1",
        TableStoreContract.EMPTIED, "acme-as-the-api-names-it")));
    PreTenantTables.insert(DATASET, "workflow_type_stats",
        List.of(TableStoreContract.stats(TableStoreContract.EMPTIED, null)));
    PreTenantTables.insert(DATASET, "rejects",
        List.of(TableStoreContract.reject("x", TableStoreContract.EMPTIED, null)));

    // Act
    TenantMigration.Result first = TenantMigration.migrate(FakeBigQuery.backend(), DATASET, "acme");
    TenantMigration.Result again = TenantMigration.migrate(FakeBigQuery.backend(), DATASET, "acme");

    // Assert
    assertThat(first.filed()).containsOnlyKeys("workflow_type_stats", "rejects");
    assertThat(first.summary()).startsWith("migrated test-project:prep: filed 2 row(s)");
    assertThat(again.summary()).startsWith("nothing to migrate");
    BigQueryPreparation.check(FakeBigQuery.backend(), DATASET, "acme");
    for (TableSpec spec : BigQueryTables.all()) {
      List<TableRow> rows = FakeBigQuery.rows(DATASET, spec.name());
      assertThat(rows).as(spec.name()).hasSize(1)
          .allSatisfy(r -> assertThat(r.get("tenant")).isEqualTo("acme"));
    }
  }
}
