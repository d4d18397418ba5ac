package com.amperityworkflowruns.bigquery;

import com.amperityworkflowruns.model.Days;
import com.google.api.services.bigquery.model.TableReference;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The GoogleSQL script of a replacement: one multi-statement transaction that, for each table,
 * deletes the job's tenant's rows of the job's days and inserts the staged rows of those days, sets
 * the tenant's refresh mark when the job keeps one, then commits. Any error fails the script and
 * BigQuery rolls the whole transaction back by itself (see {@link #transaction}). The tenant is the
 * query parameter {@code @tenant} ({@link TenantSql#PARAMETER}), never part of the text.
 */
final class ReplaceSql {
  private ReplaceSql() {}

  static String script(List<TableStore.Replacement> replacements, Days days) {
    return script(replacements, days, null);
  }

  /** The script, setting the tenant's refresh mark too ({@link RefreshSql#merge}) when given. */
  static String script(List<TableStore.Replacement> replacements, Days days,
      TableStore.@Nullable MarkUpdate mark) {
    StringBuilder body = new StringBuilder();
    for (TableStore.Replacement r : replacements) {
      Days replaced = replacedDays(r.spec, days);
      if (replaced == null) {
        continue;
      }
      String inDays = inDays(r.spec.partitionField(), replaced);
      String columns = String.join(", ", r.spec.columnNames());
      body.append("  DELETE FROM ").append(name(r.target)).append(" WHERE ")
          .append(TenantSql.IS_TENANT).append(" AND ").append(inDays).append(";\n");
      body.append("  INSERT INTO ").append(name(r.target)).append(" (").append(columns)
          .append(")\n    SELECT ").append(columns).append(" FROM ").append(name(r.staging))
          .append(" WHERE ").append(inDays).append(";\n");
    }
    if (mark != null) {
      body.append(RefreshSql.merge(mark));
    }
    return transaction(body.toString());
  }

  /**
   * The days {@code spec}'s rows are replaced on (null: none): all of {@code days} for the runs
   * and the statistics; only the range for the rejects. A day refreshed outside the range is read
   * again for its runs that ended since; its rejects stay as the day's last replacement left
   * them, and so does an undated reject filed under it (BigQuery files those under a job's first
   * day, which a refresh of that day does not read again).
   */
  static @Nullable Days replacedDays(TableSpec spec, Days days) {
    if (!spec.name().equals(BigQueryTables.REJECTS.name())) {
      return days;
    }
    return days.rangeFrom().isBefore(days.rangeTo())
        ? Days.range(days.rangeFrom(), days.rangeTo()) : null;
  }

  /**
   * {@code statements} (each line indented, ending with {@code ;}) in one transaction, without an
   * exception handler: "If an error occurs during a transaction and there is no exception handler,
   * then the query fails and BigQuery automatically rolls back the transaction"
   * (cloud.google.com/bigquery/docs/transactions). A handler's {@code ROLLBACK TRANSACTION} would
   * itself fail where no transaction is open any more (an abort at {@code COMMIT}) and replace the
   * "concurrent update" message that {@link TransactionJobs} retries on.
   */
  static String transaction(String statements) {
    return "BEGIN TRANSACTION;\n" + statements + "COMMIT TRANSACTION;\n";
  }

  /**
   * The condition on the partition column {@code field} selecting {@code days}: the range, or one
   * of the extra days; constants only, so that BigQuery reads only those partitions.
   */
  static String inDays(String field, Days days) {
    List<String> parts = new ArrayList<>();
    if (days.rangeFrom().isBefore(days.rangeTo())) {
      parts.add(range(field, days.rangeFrom(), days.rangeTo()));
    }
    if (!days.extra().isEmpty()) {
      List<String> extra = days.extra().stream().map(d -> "DATE '" + d + "'").toList();
      parts.add(field + " IN (" + String.join(", ", extra) + ")");
    }
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("no days to replace: " + days);
    }
    return "(" + String.join(" OR ", parts) + ")";
  }

  private static String range(String field, LocalDate fromDay, LocalDate toDay) {
    return field + " >= DATE '" + fromDay + "' AND " + field + " < DATE '" + toDay + "'";
  }

  /** Rows of tenant {@code @tenant} per day of a table within the range. */
  static String rowCounts(TableReference table, String field, LocalDate fromDay,
      LocalDate toDay) {
    return "SELECT CAST(" + field + " AS STRING) AS day, COUNT(*) AS row_count FROM " + name(table)
        + " WHERE " + TenantSql.IS_TENANT + " AND " + range(field, fromDay, toDay)
        + " GROUP BY day";
  }

  static String name(TableReference t) {
    return "`" + t.getProjectId() + "." + t.getDatasetId() + "." + t.getTableId() + "`";
  }
}
