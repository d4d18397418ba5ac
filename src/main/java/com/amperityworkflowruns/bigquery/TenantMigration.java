package com.amperityworkflowruns.bigquery;

import com.amperityworkflowruns.publish.OutputLayout;
import com.google.api.services.bigquery.model.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Files the rows of a dataset written before its tables held tenants under one tenant: the
 * BigQuery side of the {@code migrate} command.
 *
 * <pre>{@code
 * TenantMigration.Result r =
 *     TenantMigration.migrate(BigQueryBackend.google(), DatasetRef.parse("p:d"), "acme");
 * out.println(r.summary());
 * }</pre>
 *
 * <p>A job replaces and counts only its own tenant's rows, so a row without a tenant would never be
 * replaced (a rerun would double it) and no job could tell whose it is: jobs refuse such a dataset
 * before reading ({@link BigQueryPreparation#check}), naming this command. For the batch tables
 * and then the stream tables (those that exist), one script ({@link TableStore#fileUnderTenant})
 * adds the {@code tenant} column where it is missing and, in one transaction, sets it on every row
 * without one and on every run of the days those rows are on (their runs' {@code tenant} held the
 * API's value, which may name the tenant otherwise). Running it again changes nothing. Stop the
 * dataset's jobs (batch and stream) before: a transaction of a running job makes BigQuery abort
 * one of the two (tried again for about 12 minutes: {@link TransactionJobs}).
 */
public final class TenantMigration {
  private TenantMigration() {}

  /** What {@link #migrate} did: per table, the rows it found without a tenant and filed. */
  public static final class Result {
    private final DatasetRef dataset;
    private final String tenant;
    private final Map<String, Long> filed;

    Result(DatasetRef dataset, String tenant, Map<String, Long> filed) {
      this.dataset = dataset;
      this.tenant = tenant;
      this.filed = Map.copyOf(filed);
    }

    /** Table name to the rows without a tenant it held (tables that held none are absent). */
    public Map<String, Long> filed() {
      return filed;
    }

    /** One line for the console. */
    public String summary() {
      if (filed.isEmpty()) {
        return "nothing to migrate: every table of " + dataset + " has the tenant column and"
            + " every row a tenant";
      }
      List<String> parts = new ArrayList<>();
      long total = 0;
      for (String table : order(filed)) {
        parts.add(table + " " + String.format("%,d", filed.get(table)));
        total += filed.get(table);
      }
      return String.format("migrated %s: filed %,d row(s) written before tables held tenants"
          + " under tenant %s (%s), with the runs of their days", dataset, total, tenant,
          String.join(", ", parts));
    }

    private static List<String> order(Map<String, Long> filed) {
      List<String> tables = new ArrayList<>();
      for (TableSpec spec : allTables()) {
        if (filed.containsKey(spec.name())) {
          tables.add(spec.name());
        }
      }
      return tables;
    }
  }

  /**
   * Files every row of {@code dataset} without a tenant under {@code tenant}, adding the column
   * where it is missing; changes nothing when there is nothing to do.
   *
   * @throws IllegalArgumentException with one actionable line: a tenant not usable as one, a
   *     dataset that cannot be read, a table whose schema conflicts
   * @throws TableStoreException when the script fails (its transaction changed nothing; a column
   *     it added stays, which is harmless: run it again)
   */
  public static Result migrate(BigQueryBackend backend, DatasetRef dataset, String tenant)
      throws TableStoreException {
    OutputLayout.checkTenant(tenant);
    Map<String, Long> filed = new LinkedHashMap<>();
    try (TableStore store = backend.tables().open()) {
      BigQueryPreparation.checkSchemas(store, dataset, allTables());
      for (List<TableSpec> group : List.of(BigQueryTables.all(), BigQueryTables.stream())) {
        boolean needed = false;
        for (TableSpec spec : group) {
          Table t = store.describe(dataset.table(spec.name()));
          long rows = store.countRowsWithoutTenant(dataset.table(spec.name()));
          if (rows > 0) {
            filed.put(spec.name(), rows);
          }
          needed |= rows > 0 || t != null && !TenantSql.hasColumn(t);
        }
        if (needed) {
          store.fileUnderTenant(dataset, group, tenant);
        }
      }
    }
    return new Result(dataset, tenant, filed);
  }

  /**
   * The one line refusing a job because {@code table} of {@code dataset} holds {@code rows} rows
   * without a tenant; it names the command, with {@code tenant} (the job's) as the example.
   */
  static String refusal(DatasetRef dataset, String table, long rows, String tenant) {
    return String.format("--bigqueryDataset=%s: table %s holds %,d row(s) without a tenant,"
        + " written before tables held tenants; jobs replace only their own tenant's rows, so"
        + " these would never be replaced (a rerun would double them). File them once under the"
        + " tenant whose jobs wrote them (stop the dataset's jobs first): %s", dataset,
        dataset.sqlName(table), rows, command(dataset, tenant));
  }

  /** {@code java -jar amperity-workflow-runs.jar migrate --format=bigquery ...}. */
  public static String command(DatasetRef dataset, String tenant) {
    return "java -jar amperity-workflow-runs.jar migrate --format=bigquery --bigqueryDataset="
        + dataset + " --tenant=" + tenant;
  }

  private static List<TableSpec> allTables() {
    List<TableSpec> all = new ArrayList<>(BigQueryTables.all());
    all.addAll(BigQueryTables.stream());
    return all;
  }
}
