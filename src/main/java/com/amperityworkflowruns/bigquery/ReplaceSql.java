package com.amperityworkflowruns.bigquery;

import java.time.LocalDate;
import java.util.List;

/**
 * The GoogleSQL script of a replacement: one multi-statement transaction that, for each table,
 * deletes the range's days and inserts the staged rows of those days, then commits; any error rolls
 * the whole transaction back and is raised again.
 */
final class ReplaceSql {
  private ReplaceSql() {}

  static String script(
      List<TableStore.Replacement> replacements, LocalDate fromDay, LocalDate toDay) {
    StringBuilder sql = new StringBuilder("BEGIN\n  BEGIN TRANSACTION;\n");
    for (TableStore.Replacement r : replacements) {
      String field = r.spec.partitionField();
      String range =
          field + " >= DATE '" + fromDay + "' AND " + field + " < DATE '" + toDay + "'";
      String columns = String.join(", ", r.spec.columnNames());
      sql.append("  DELETE FROM ").append(name(r.target)).append(" WHERE ").append(range)
          .append(";\n");
      sql.append("  INSERT INTO ").append(name(r.target)).append(" (").append(columns)
          .append(")\n    SELECT ").append(columns).append(" FROM ").append(name(r.staging))
          .append(" WHERE ").append(range).append(";\n");
    }
    sql.append("  COMMIT TRANSACTION;\n")
        .append("EXCEPTION WHEN ERROR THEN\n")
        .append("  ROLLBACK TRANSACTION;\n")
        .append("  RAISE USING MESSAGE = @@error.message;\n")
        .append("END;\n");
    return sql.toString();
  }

  /** Rows per day of a table within the range. */
  static String rowCounts(
      com.google.api.services.bigquery.model.TableReference table,
      String field,
      LocalDate fromDay,
      LocalDate toDay) {
    return "SELECT CAST(" + field + " AS STRING) AS day, COUNT(*) AS row_count FROM " + name(table)
        + " WHERE " + field + " >= DATE '" + fromDay + "' AND " + field + " < DATE '" + toDay
        + "' GROUP BY day";
  }

  static String name(com.google.api.services.bigquery.model.TableReference t) {
    return "`" + t.getProjectId() + "." + t.getDatasetId() + "." + t.getTableId() + "`";
  }
}
