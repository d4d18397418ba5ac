package com.amperityworkflowruns.bigquery;

import com.amperityworkflowruns.publish.RefreshMark;
import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The launcher's BigQuery steps before the job reads anything: check that the dataset can be
 * reached, that existing tables can take our rows and that they hold no rows without a tenant
 * (written before tables held tenants: {@link TenantMigration} files them); then create missing
 * tables, add the {@code tenant} column to tables without it (they hold no rows), and create the
 * job's staging tables. Each failure is one line naming the dataset, table or column and the fix.
 */
public final class BigQueryPreparation {
  /** Staging tables expire after this, in case the job dies before it drops them. */
  public static final Duration STAGING_EXPIRATION = Duration.ofDays(7);

  private BigQueryPreparation() {}

  /**
   * Checks credentials, the dataset, the schemas of existing tables and that they hold no rows
   * without a tenant, for a job of tenant {@code tenant}.
   *
   * @throws IllegalArgumentException with one actionable line
   */
  public static void check(BigQueryBackend backend, DatasetRef dataset, String tenant) {
    List<TableSpec> schemas = new ArrayList<>(BigQueryTables.all());
    schemas.add(BigQueryTables.REFRESH_MARKS);
    check(backend, dataset, schemas, BigQueryTables.all(), tenant);
  }

  /**
   * Checks credentials, the dataset, and the schemas of those of {@code tables} that exist and
   * that they hold no rows without a tenant (the line names the {@code migrate} command, with
   * {@code tenant} as the example).
   *
   * @throws IllegalArgumentException with one actionable line
   */
  public static void check(
      BigQueryBackend backend, DatasetRef dataset, List<TableSpec> tables, String tenant) {
    check(backend, dataset, tables, tables, tenant);
  }

  /** Checks the schemas of {@code schemas} and the tenants of the rows of {@code tenanted}. */
  private static void check(BigQueryBackend backend, DatasetRef dataset, List<TableSpec> schemas,
      List<TableSpec> tenanted, String tenant) {
    try (TableStore store = backend.tables().open()) {
      checkSchemas(store, dataset, schemas);
      for (TableSpec spec : tenanted) {
        long rows = store.countRowsWithoutTenant(dataset.table(spec.name()));
        if (rows > 0) {
          throw new IllegalArgumentException(
              TenantMigration.refusal(dataset, spec.name(), rows, tenant));
        }
      }
    } catch (TableStoreException e) {
      throw new IllegalArgumentException(
          "--bigqueryDataset=" + dataset + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks the dataset and the schemas of those of {@code tables} that exist.
   *
   * @throws IllegalArgumentException with one actionable line
   * @throws TableStoreException when a table cannot be read
   */
  static void checkSchemas(TableStore store, DatasetRef dataset, List<TableSpec> tables)
      throws TableStoreException {
    try {
      store.checkDataset(dataset);
    } catch (TableStoreException e) {
      throw new IllegalArgumentException(datasetProblem(dataset, e), e);
    }
    for (TableSpec spec : tables) {
      Table existing = store.describe(dataset.table(spec.name()));
      if (existing != null) {
        String conflict = SchemaCheck.conflict(dataset + "." + spec.name(), existing, spec);
        if (conflict != null) {
          throw new IllegalArgumentException(conflict);
        }
      }
    }
  }

  /**
   * Creates the tables that do not exist yet (the refresh marks too) and the job's staging
   * tables.
   *
   * @throws IllegalArgumentException with one actionable line
   */
  public static void prepare(BigQueryBackend backend, BigQueryStaging staging, Instant now) {
    try (TableStore store = backend.tables().open()) {
      for (TableSpec spec : BigQueryTables.all()) {
        ensureTable(store, staging.target(spec), spec);
        store.dropTable(staging.stagingTable(spec));
        store.createTable(staging.stagingTable(spec), spec, now.plus(STAGING_EXPIRATION));
      }
      ensureTable(store, staging.dataset().table(BigQueryTables.REFRESH_MARKS.name()),
          BigQueryTables.REFRESH_MARKS);
    } catch (TableStoreException e) {
      throw new IllegalArgumentException(
          "cannot create tables in --bigqueryDataset=" + staging.dataset() + ": "
              + e.getMessage() + fix(e),
          e);
    }
  }

  /**
   * Creates those of {@code tables} that do not exist yet (the stream tables have no staging).
   *
   * @throws IllegalArgumentException with one actionable line
   */
  public static void createMissing(
      BigQueryBackend backend, DatasetRef dataset, List<TableSpec> tables) {
    try (TableStore store = backend.tables().open()) {
      for (TableSpec spec : tables) {
        ensureTable(store, dataset.table(spec.name()), spec);
      }
    } catch (TableStoreException e) {
      throw new IllegalArgumentException("cannot create tables in --bigqueryDataset=" + dataset
          + ": " + e.getMessage() + fix(e), e);
    }
  }

  /**
   * Deletes tenant {@code tenant}'s rows of the stream windows in {@code [from, to)} ({@code to}
   * null: from {@code from} on) from every stream table, one DML statement per table; returns the
   * rows deleted.
   *
   * @throws TableStoreException when a statement fails (the tables that were done stay done;
   *     running it again deletes the rest)
   */
  public static long deleteStreamWindows(BigQueryBackend backend, DatasetRef dataset,
      Instant from, Instant to, String tenant) throws TableStoreException {
    long deleted = 0;
    try (TableStore store = backend.tables().open()) {
      for (TableSpec spec : BigQueryTables.stream()) {
        deleted += store.deleteWindows(dataset.table(spec.name()), spec, from, to, tenant);
      }
    }
    return deleted;
  }

  /**
   * What tenant {@code tenant}'s days in {@code dataset} know of runs that were open when they
   * were read ({@link TableStore#refreshMark}); null when the tenant has no published day.
   *
   * @throws TableStoreException when it cannot be read
   */
  public static @Nullable RefreshMark refreshMark(BigQueryBackend backend, DatasetRef dataset,
      String tenant) throws TableStoreException {
    try (TableStore store = backend.tables().open()) {
      return store.refreshMark(dataset, tenant);
    }
  }

  /**
   * Creates {@code table} when it does not exist (another job may create it at the same moment);
   * adds the {@code tenant} column when it lacks it ({@link #check} found it without rows then).
   */
  private static void ensureTable(TableStore store, TableReference table, TableSpec spec)
      throws TableStoreException {
    Table existing = store.describe(table);
    if (existing == null) {
      try {
        store.createTable(table, spec, null);
      } catch (TableStoreException e) {
        if (e.kind() != TableStoreException.Kind.ALREADY_EXISTS) {
          throw e;
        }
      }
    } else if (!TenantSql.hasColumn(existing)) {
      store.addTenantColumn(table);
    }
  }

  static String datasetProblem(DatasetRef dataset, TableStoreException e) {
    String name = "--bigqueryDataset=" + dataset;
    switch (e.kind()) {
      case NOT_FOUND:
        return name + " does not exist: create it (terraform/ does) or fix the name";
      case PERMISSION_DENIED:
        return name + " cannot be read with these credentials (" + e.getMessage()
            + "): grant roles/bigquery.dataEditor on the dataset";
      case QUOTA_EXCEEDED:
        return name + " cannot be checked now: " + e.getMessage() + "; " + QUOTA_FIX;
      case NO_CREDENTIALS:
        return name + " cannot be checked: " + e.getMessage();
      default:
        return name + " cannot be reached: " + e.getMessage()
            + "; check the network and the credentials";
    }
  }

  /** What to do about a quota or rate limit: no grant helps. */
  static final String QUOTA_FIX = "a BigQuery quota or rate limit, not a permission: run again"
      + " later, or see the project's quotas (cloud.google.com/bigquery/docs/troubleshoot-quotas)";

  private static String fix(TableStoreException e) {
    switch (e.kind()) {
      case PERMISSION_DENIED:
        return " (grant roles/bigquery.dataEditor on the dataset)";
      case QUOTA_EXCEEDED:
        return " (" + QUOTA_FIX + ")";
      default:
        return "";
    }
  }
}
