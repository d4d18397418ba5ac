package com.amperityworkflowruns.bigquery;

import com.google.api.services.bigquery.model.TableRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;

/**
 * The tables as this job created them before tables held tenants (the code of 0b30ee9's parent):
 * the same columns but no {@code tenant} in the statistics and rejects tables (the runs tables had
 * one, holding the run's tenant as the API sent it), and clustering without {@code tenant}.
 */
public final class PreTenantTables {
  /** The tables whose {@code tenant} column predates tenants (the API's value). */
  private static final Set<String> HAD_TENANT = Set.of("workflow_runs", "finished_runs");

  private PreTenantTables() {}

  /** {@code today}'s table as it was created before tables held tenants. */
  static TableSpec spec(TableSpec today) {
    List<TableSpec.Column> columns = new ArrayList<>();
    for (TableSpec.Column c : today.columns()) {
      if (!c.name.equals(TenantSql.COLUMN) || HAD_TENANT.contains(today.name())) {
        columns.add(c);
      }
    }
    List<String> clustering = today.clustering().stream()
        .filter(f -> !f.equals(TenantSql.COLUMN)).toList();
    return new TableSpec(today.name(), columns, today.partitionField(), clustering,
        today.windowField());
  }

  /** {@code today}'s columns (tenant included), clustered as before tables held tenants. */
  static TableSpec clusteredWithoutTenant(TableSpec today) {
    return new TableSpec(today.name(), today.columns(), today.partitionField(),
        spec(today).clustering(), today.windowField());
  }

  /** Creates the batch tables of {@code dataset} in the fakes as they were before tenants. */
  public static void createBatchTables(DatasetRef dataset) {
    for (TableSpec spec : BigQueryTables.all()) {
      try {
        new InMemoryTableStore().createTable(dataset.table(spec.name()), spec(spec), null);
      } catch (TableStoreException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * Adds {@code rows} to {@code table} of {@code dataset} in the fakes, without the columns the
   * table lacks (a row copied from today's tables is a row as written before tenants).
   */
  public static void insert(DatasetRef dataset, String table, List<TableRow> rows) {
    try {
      List<String> columns = new InMemoryTableStore().describe(dataset.table(table)).getSchema()
          .getFields().stream().map(f -> f.getName()).toList();
      List<TableRow> kept = new ArrayList<>();
      for (TableRow row : rows) {
        TableRow copy = new TableRow();
        row.forEach((k, v) -> {
          if (columns.contains(k)) {
            copy.set(k, v);
          }
        });
        kept.add(copy);
      }
      new FakeDatasetService().insertAll(dataset.table(table), kept, null);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
