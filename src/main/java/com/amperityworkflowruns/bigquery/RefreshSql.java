package com.amperityworkflowruns.bigquery;

import java.time.Instant;

/**
 * The GoogleSQL of a tenant's refresh mark ({@link BigQueryTables#REFRESH_MARKS}): the query that
 * reads it with the open days of the tenant's statistics, and the {@code MERGE} a replacement runs
 * in its transaction ({@link TableStore.MarkUpdate}). The tenant is the query parameter {@code
 * @tenant}; instants and the job id are ours, written as constants.
 */
final class RefreshSql {
  /** The {@code kind} of a row of {@link #read}: an open day, or {@code ended_through}. */
  static final String OPEN_DAY = "open_day";
  static final String ENDED_THROUGH = "ended_through";
  /** The {@code kind} of the row counting the tenant's statistics rows. */
  static final String STATS_ROWS = "stats_rows";

  private RefreshSql() {}

  /**
   * Rows {@code (kind, value)}: one per open day of the tenant ({@code YYYY-MM-DD}), one with the
   * number of its statistics rows, and one with its {@code ended_through} (RFC 3339, UTC) when it
   * has a mark.
   */
  static String read(DatasetRef dataset) {
    String stats = dataset.sqlName(BigQueryTables.STATS.name());
    return "SELECT '" + OPEN_DAY + "' AS kind, CAST(created_date AS STRING) AS value FROM " + stats
        + " WHERE " + TenantSql.IS_TENANT + " AND open_runs > 0 GROUP BY created_date\n"
        + "UNION ALL SELECT '" + STATS_ROWS + "', CAST(COUNT(*) AS STRING) FROM " + stats
        + " WHERE " + TenantSql.IS_TENANT + "\n"
        + "UNION ALL SELECT '" + ENDED_THROUGH + "', FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%E6SZ',"
        + " ended_through, 'UTC') FROM " + dataset.sqlName(BigQueryTables.REFRESH_MARKS.name())
        + " WHERE " + TenantSql.IS_TENANT;
  }

  /** The statement (indented, ending with {@code ;}) that sets the tenant's row to {@code m}. */
  static String merge(TableStore.MarkUpdate m) {
    String ours = timestamp(m.endedThrough);
    String next = m.seenEndedThrough == null
        ? "LEAST(m.ended_through, " + ours + ")"
        : "IF(m.ended_through = " + timestamp(m.seenEndedThrough) + ", " + ours
            + ", LEAST(m.ended_through, " + ours + "))";
    String job = "'" + m.jobId + "'";
    return "  MERGE " + ReplaceSql.name(m.table()) + " m USING (SELECT @" + TenantSql.PARAMETER
        + " AS tenant) s ON m.tenant = s.tenant\n"
        + "    WHEN MATCHED THEN UPDATE SET ended_through = " + next + ", job_id = " + job + "\n"
        + "    WHEN NOT MATCHED THEN INSERT (tenant, ended_through, job_id) VALUES (s.tenant, "
        + ours + ", " + job + ");\n";
  }

  private static String timestamp(Instant t) {
    return "TIMESTAMP '" + t + "'";
  }
}
