package com.amperityworkflowruns.bigquery;

import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.Table;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The table operations of the BigQuery output that {@code BigQueryIO} does not do: check the
 * dataset, create and inspect tables, replace a range of day partitions atomically, count rows per
 * partition, and for the stream tables delete and count the rows of statistics windows. {@link
 * BigQueryTableStore} is the real one; tests use an in-memory store that keeps
 * the same promises (one contract test runs against it).
 *
 * <p>Every method throws {@link TableStoreException} classified at the boundary: not found,
 * permission denied, unreachable (after bounded retries) or failed.
 */
public interface TableStore extends AutoCloseable {
  /** Opens a store; serializable so that workers open their own in {@code @Setup}. */
  interface Factory extends Serializable {
    TableStore open() throws TableStoreException;
  }

  /** One table of a replacement: rows of {@code staging} replace the range in {@code target}. */
  final class Replacement implements Serializable {
    private static final long serialVersionUID = 1L;
    public final TableReference target;
    public final TableReference staging;
    public final TableSpec spec;

    public Replacement(TableReference target, TableReference staging, TableSpec spec) {
      this.target = target;
      this.staging = staging;
      this.spec = spec;
    }
  }

  /** Succeeds when the dataset exists and can be read. */
  void checkDataset(DatasetRef dataset) throws TableStoreException;

  /** The table (schema, partitioning, clustering), or null when there is no such table. */
  @Nullable Table describe(TableReference table) throws TableStoreException;

  /**
   * Creates {@code table} as {@code spec} says (columns, day partitioning, clustering), expiring at
   * {@code expiresAt} when not null. Fails with {@link TableStoreException.Kind#ALREADY_EXISTS}
   * when it exists.
   */
  void createTable(TableReference table, TableSpec spec, @Nullable Instant expiresAt)
      throws TableStoreException;

  /** Deletes the table; a missing table is not an error. */
  void dropTable(TableReference table) throws TableStoreException;

  /**
   * In one atomic step, for every replacement: deletes the target's rows whose partition day lies
   * in {@code [fromDay, toDay)} and inserts the staging table's rows of those days. Days of the
   * range with no staged rows end empty; days outside it are not touched; a reader sees all
   * targets either before or after, never a mix. Running it again with the same staging tables
   * gives the same result.
   */
  void replaceDays(List<Replacement> replacements, LocalDate fromDay, LocalDate toDay)
      throws TableStoreException;

  /** Rows per partition day of {@code table} within {@code [fromDay, toDay)}; empty days absent. */
  SortedMap<LocalDate, Long> rowCountsPerPartition(
      TableReference table, String partitionField, LocalDate fromDay, LocalDate toDay)
      throws TableStoreException;

  /**
   * Deletes, in one DML statement, the rows of a stream table ({@link TableSpec#windowField()}
   * not null) whose window lies at or after {@code from} and, when {@code to} is not null, before
   * {@code to}. Both are window boundaries. Returns the number of rows deleted. Running it again
   * deletes nothing more.
   */
  long deleteWindows(TableReference table, TableSpec spec, Instant from, @Nullable Instant to)
      throws TableStoreException;

  /** Rows of a stream table in the window {@code [from, to)}, as a query sees them now. */
  long countWindow(TableReference table, TableSpec spec, Instant from, Instant to)
      throws TableStoreException;

  @Override
  void close();
}
