package com.amperityworkflowruns.bigquery;

import com.amperityworkflowruns.model.Days;
import com.amperityworkflowruns.publish.RefreshMark;
import com.google.api.services.bigquery.model.Dataset;
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
 * dataset, create and inspect tables, replace one tenant's days atomically, count a tenant's rows
 * per partition, for the stream tables delete and count a tenant's rows of statistics windows, and
 * file rows written before tables held tenants under one ({@link #fileUnderTenant}). Every row
 * of every table belongs to the tenant in its {@code tenant} column; no method that takes a
 * tenant reads, counts or deletes another tenant's rows, or a row without a tenant. {@link
 * BigQueryTableStore} is the real one; tests use an in-memory store that keeps the same promises
 * (one contract test runs against it).
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

  /**
   * The tenant's row of {@link BigQueryTables#REFRESH_MARKS} that a replacement sets in its
   * transaction, as {@code RefreshMark.next} moves {@code _refresh.json}: {@code endedThrough}
   * (the job's start less the visibility margin) when the row still holds {@code
   * seenEndedThrough} (what the job read at its start; null: it found no row) or when there is no
   * row; else (another publish of the tenant came between) the earlier of the row's and ours.
   */
  final class MarkUpdate implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The dataset whose {@link BigQueryTables#REFRESH_MARKS} holds the row. */
    public final DatasetRef dataset;
    public final @Nullable Instant seenEndedThrough;
    public final Instant endedThrough;
    public final String jobId;

    public MarkUpdate(DatasetRef dataset, @Nullable Instant seenEndedThrough,
        Instant endedThrough, String jobId) {
      if (dataset == null || endedThrough == null || jobId == null
          || !jobId.matches("[A-Za-z0-9_-]{1,200}")) {
        throw new IllegalArgumentException("a table, an instant and a job id of letters, digits,"
            + " '-' and '_' are required, got " + jobId);
      }
      this.dataset = dataset;
      this.seenEndedThrough = seenEndedThrough;
      this.endedThrough = endedThrough;
      this.jobId = jobId;
    }

    /** The marks table. */
    public TableReference table() {
      return dataset.table(BigQueryTables.REFRESH_MARKS.name());
    }

    /** The row's next value when it holds {@code current} (null: there is no row). */
    public Instant next(@Nullable Instant current) {
      if (current == null || current.equals(seenEndedThrough)) {
        return endedThrough;
      }
      return current.isBefore(endedThrough) ? current : endedThrough;
    }
  }

  /**
   * The dataset (its location and default table and partition expirations, as {@code
   * datasets.get} gives them) when it exists and can be read.
   */
  Dataset checkDataset(DatasetRef dataset) throws TableStoreException;

  /**
   * Succeeds when the caller may start query jobs in the dataset's project ({@code
   * bigquery.jobs.create}): a dry-run query job in the dataset's location, which BigQuery neither
   * runs nor bills (cloud.google.com/bigquery/docs/running-queries#dry-run).
   */
  void checkCanStartJobs(DatasetRef dataset) throws TableStoreException;

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
   * In one atomic step, for every replacement: deletes the target's rows of tenant {@code tenant}
   * whose partition day is one of {@code days} (for the rejects, one of the range's: {@link
   * ReplaceSql#replacedDays}) and inserts the staging table's rows of those days (the job's rows,
   * all of that tenant). Days with no staged rows end without rows of the tenant;
   * other days, other tenants' rows and rows without a tenant are not touched; a reader sees all
   * targets either before or after, never a mix. Running it again with the same staging tables
   * gives the same result.
   */
  default void replaceDays(List<Replacement> replacements, Days days, String tenant)
      throws TableStoreException {
    replaceDays(replacements, days, tenant, null);
  }

  /**
   * {@link #replaceDays(List, Days, String)}, setting the tenant's refresh mark in the same
   * transaction when {@code mark} is not null.
   */
  void replaceDays(List<Replacement> replacements, Days days, String tenant,
      @Nullable MarkUpdate mark) throws TableStoreException;

  /**
   * What tenant {@code tenant}'s days in {@code dataset} know of runs open when they were read:
   * {@code endedThrough} from {@link BigQueryTables#REFRESH_MARKS} (null when the tenant has no
   * row there) and the open days from {@code workflow_type_stats} (days with {@code open_runs >
   * 0}), in one query; null when the tenant has neither a row there nor a statistics row.
   */
  @Nullable RefreshMark refreshMark(DatasetRef dataset, String tenant) throws TableStoreException;

  /**
   * Rows of tenant {@code tenant} per partition day of {@code table} within {@code [fromDay,
   * toDay)}; empty days absent.
   */
  SortedMap<LocalDate, Long> rowCountsPerPartition(TableReference table, String partitionField,
      LocalDate fromDay, LocalDate toDay, String tenant) throws TableStoreException;

  /**
   * Deletes, in one DML statement, tenant {@code tenant}'s rows of a stream table ({@link
   * TableSpec#windowField()} not null) whose window lies at or after {@code from} and, when {@code
   * to} is not null, before {@code to}. Both are window boundaries. Returns the number of rows
   * deleted. Running it again deletes nothing more.
   */
  long deleteWindows(TableReference table, TableSpec spec, Instant from, @Nullable Instant to,
      String tenant) throws TableStoreException;

  /** Tenant {@code tenant}'s rows of a stream table in the window {@code [from, to)}, as now. */
  long countWindow(TableReference table, TableSpec spec, Instant from, Instant to, String tenant)
      throws TableStoreException;

  /**
   * Rows of {@code table} that belong to no tenant: those whose {@code tenant} is NULL, or every
   * row when the table has no {@code tenant} column (written before tables held tenants).
   */
  long countRowsWithoutTenant(TableReference table) throws TableStoreException;

  /**
   * Adds the NULLABLE STRING column {@code tenant} at the end of {@code table} when it has none
   * ({@code ALTER TABLE ... ADD COLUMN IF NOT EXISTS}); existing rows get NULL.
   */
  void addTenantColumn(TableReference table) throws TableStoreException;

  /**
   * Files the rows written before tables held tenants under {@code tenant}, in one script: adds
   * the {@code tenant} column to those of {@code tables} (in {@code dataset}) that lack it, then in
   * one transaction sets {@code tenant} on every row where it is NULL and, in the first table (the
   * runs table, whose {@code tenant} column held the API's value before), on every row of a
   * partition day on which another of the tables holds rows without a tenant (a day a job wrote
   * before tenants: all its runs are that job's). Tables that do not exist are skipped. Running it
   * again changes nothing.
   */
  void fileUnderTenant(DatasetRef dataset, List<TableSpec> tables, String tenant)
      throws TableStoreException;

  @Override
  void close();
}
