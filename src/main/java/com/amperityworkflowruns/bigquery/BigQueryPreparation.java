package com.amperityworkflowruns.bigquery;

import com.google.api.services.bigquery.model.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The launcher's BigQuery steps before the job reads anything: check that the dataset can be
 * reached and that existing tables can take our rows; then create missing tables and the job's
 * staging tables. Each failure is one line naming the dataset, table or column and the fix.
 */
public final class BigQueryPreparation {
  /** Staging tables expire after this, in case the job dies before it drops them. */
  public static final Duration STAGING_EXPIRATION = Duration.ofDays(7);

  private BigQueryPreparation() {}

  /**
   * Checks credentials, the dataset and the schemas of existing tables.
   *
   * @throws IllegalArgumentException with one actionable line
   */
  public static void check(BigQueryBackend backend, DatasetRef dataset) {
    check(backend, dataset, BigQueryTables.all());
  }

  /**
   * Checks credentials, the dataset and the schemas of those of {@code tables} that exist.
   *
   * @throws IllegalArgumentException with one actionable line
   */
  public static void check(BigQueryBackend backend, DatasetRef dataset, List<TableSpec> tables) {
    try (TableStore store = backend.tables().open()) {
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
    } catch (TableStoreException e) {
      throw new IllegalArgumentException(
          "--bigqueryDataset=" + dataset + ": " + e.getMessage(), e);
    }
  }

  /**
   * Creates the tables that do not exist yet and the job's staging tables.
   *
   * @throws IllegalArgumentException with one actionable line
   */
  public static void prepare(BigQueryBackend backend, BigQueryStaging staging, Instant now) {
    try (TableStore store = backend.tables().open()) {
      for (TableSpec spec : BigQueryTables.all()) {
        if (store.describe(staging.target(spec)) == null) {
          createIgnoringRace(store, spec, staging);
        }
        store.dropTable(staging.stagingTable(spec));
        store.createTable(staging.stagingTable(spec), spec, now.plus(STAGING_EXPIRATION));
      }
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
        if (store.describe(dataset.table(spec.name())) == null) {
          try {
            store.createTable(dataset.table(spec.name()), spec, null);
          } catch (TableStoreException e) {
            if (e.kind() != TableStoreException.Kind.ALREADY_EXISTS) {
              throw e;
            }
          }
        }
      }
    } catch (TableStoreException e) {
      throw new IllegalArgumentException("cannot create tables in --bigqueryDataset=" + dataset
          + ": " + e.getMessage() + fix(e), e);
    }
  }

  /**
   * Deletes the rows of the stream windows in {@code [from, to)} ({@code to} null: from {@code
   * from} on) from every stream table, one DML statement per table; returns the rows deleted.
   *
   * @throws TableStoreException when a statement fails (the tables that were done stay done;
   *     running it again deletes the rest)
   */
  public static long deleteStreamWindows(BigQueryBackend backend, DatasetRef dataset,
      java.time.Instant from, java.time.Instant to) throws TableStoreException {
    long deleted = 0;
    try (TableStore store = backend.tables().open()) {
      for (TableSpec spec : BigQueryTables.stream()) {
        deleted += store.deleteWindows(dataset.table(spec.name()), spec, from, to);
      }
    }
    return deleted;
  }

  private static void createIgnoringRace(TableStore store, TableSpec spec, BigQueryStaging s)
      throws TableStoreException {
    try {
      store.createTable(s.target(spec), spec, null);
    } catch (TableStoreException e) {
      if (e.kind() != TableStoreException.Kind.ALREADY_EXISTS) {
        throw e;
      }
    }
  }

  private static String datasetProblem(DatasetRef dataset, TableStoreException e) {
    String name = "--bigqueryDataset=" + dataset;
    switch (e.kind()) {
      case NOT_FOUND:
        return name + " does not exist: create it (terraform/ does) or fix the name";
      case PERMISSION_DENIED:
        return name + " cannot be read with these credentials (" + e.getMessage()
            + "): grant roles/bigquery.dataEditor on the dataset";
      case NO_CREDENTIALS:
        return name + " cannot be checked: " + e.getMessage();
      default:
        return name + " cannot be reached: " + e.getMessage()
            + "; check the network and the credentials";
    }
  }

  private static String fix(TableStoreException e) {
    return e.kind() == TableStoreException.Kind.PERMISSION_DENIED
        ? " (grant roles/bigquery.dataEditor on the dataset)"
        : "";
  }
}
