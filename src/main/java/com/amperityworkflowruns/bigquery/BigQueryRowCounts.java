package com.amperityworkflowruns.bigquery;

import com.amperityworkflowruns.publish.PublishedRowCounts;
import com.google.api.services.bigquery.model.TableReference;
import java.time.LocalDate;
import java.util.Map;

/**
 * {@link PublishedRowCounts} of one tenant in one BigQuery runs table: its rows per partition day,
 * from the table store (a {@code COUNT(*)} grouped by the partition column, so it is exact for rows
 * just loaded too; other tenants' rows are not counted). Used for the published {@code
 * workflow_runs} table and for the job's staging table.
 */
final class BigQueryRowCounts implements PublishedRowCounts {
  private final TableStore store;
  private final TableReference table;
  private final String tenant;

  BigQueryRowCounts(TableStore store, TableReference table, String tenant) {
    this.store = store;
    this.table = table;
    this.tenant = tenant;
  }

  @Override
  public Map<LocalDate, Long> runsPerDay(LocalDate fromDay, LocalDate toDay)
      throws TableStoreException {
    return store.rowCountsPerPartition(
        table, BigQueryTables.RUNS.partitionField(), fromDay, toDay, tenant);
  }
}
