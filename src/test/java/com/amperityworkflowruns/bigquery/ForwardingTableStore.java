package com.amperityworkflowruns.bigquery;

import com.amperityworkflowruns.model.Days;
import com.amperityworkflowruns.publish.RefreshMark;
import com.google.api.services.bigquery.model.Dataset;
import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableReference;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A {@link TableStore} passing every call to another; tests override the calls they change. */
public class ForwardingTableStore implements TableStore {
  public final TableStore real;

  public ForwardingTableStore(TableStore real) {
    this.real = real;
  }

  @Override
  public Dataset checkDataset(DatasetRef dataset) throws TableStoreException {
    return real.checkDataset(dataset);
  }

  @Override
  public void checkCanStartJobs(DatasetRef dataset) throws TableStoreException {
    real.checkCanStartJobs(dataset);
  }

  @Override
  public @Nullable Table describe(TableReference table) throws TableStoreException {
    return real.describe(table);
  }

  @Override
  public void createTable(TableReference table, TableSpec spec, @Nullable Instant expiresAt)
      throws TableStoreException {
    real.createTable(table, spec, expiresAt);
  }

  @Override
  public void dropTable(TableReference table) throws TableStoreException {
    real.dropTable(table);
  }

  @Override
  public void replaceDays(List<Replacement> replacements, Days days, String tenant,
      @Nullable MarkUpdate mark) throws TableStoreException {
    real.replaceDays(replacements, days, tenant, mark);
  }

  @Override
  public @Nullable RefreshMark refreshMark(DatasetRef dataset, String tenant)
      throws TableStoreException {
    return real.refreshMark(dataset, tenant);
  }

  @Override
  public SortedMap<LocalDate, Long> rowCountsPerPartition(TableReference table,
      String partitionField, LocalDate fromDay, LocalDate toDay, String tenant)
      throws TableStoreException {
    return real.rowCountsPerPartition(table, partitionField, fromDay, toDay, tenant);
  }

  @Override
  public long deleteWindows(TableReference table, TableSpec spec, Instant from,
      @Nullable Instant to, String tenant) throws TableStoreException {
    return real.deleteWindows(table, spec, from, to, tenant);
  }

  @Override
  public long countWindow(TableReference table, TableSpec spec, Instant from, Instant to,
      String tenant) throws TableStoreException {
    return real.countWindow(table, spec, from, to, tenant);
  }

  @Override
  public long countRowsWithoutTenant(TableReference table) throws TableStoreException {
    return real.countRowsWithoutTenant(table);
  }

  @Override
  public void addTenantColumn(TableReference table) throws TableStoreException {
    real.addTenantColumn(table);
  }

  @Override
  public void fileUnderTenant(DatasetRef dataset, List<TableSpec> tables, String tenant)
      throws TableStoreException {
    real.fileUnderTenant(dataset, tables, tenant);
  }

  @Override
  public void close() {
    real.close();
  }
}
