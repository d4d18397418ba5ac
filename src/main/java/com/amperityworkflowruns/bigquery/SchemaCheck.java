package com.amperityworkflowruns.bigquery;

import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TimePartitioning;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Whether an existing table can take our rows: every column of ours present with the same type, no
 * column REQUIRED there that we may leave null or do not write, and day partitioning on our
 * partition column. Extra NULLABLE columns are allowed. The {@code tenant} column may be missing:
 * a table written before tables held tenants lacks it, and the job adds it ({@link
 * BigQueryPreparation}). Clustering is not checked: it only speeds queries up, so a table
 * clustered otherwise (e.g. without {@code tenant}, from before) takes our rows as well.
 */
final class SchemaCheck {
  private static final Map<String, String> ALIASES =
      Map.of("INT64", "INTEGER", "FLOAT64", "FLOAT", "BOOL", "BOOLEAN", "STRUCT", "RECORD");

  private SchemaCheck() {}

  /** The first conflict as one line naming table and column, or null when there is none. */
  static @Nullable String conflict(String tableName, Table existing, TableSpec ours) {
    List<TableFieldSchema> fields =
        existing.getSchema() == null || existing.getSchema().getFields() == null
            ? List.of()
            : existing.getSchema().getFields();
    Map<String, TableFieldSchema> byName = new HashMap<>();
    for (TableFieldSchema f : fields) {
      byName.put(f.getName().toLowerCase(Locale.ROOT), f);
    }
    for (TableSpec.Column c : ours.columns()) {
      TableFieldSchema f = byName.remove(c.name.toLowerCase(Locale.ROOT));
      if (f == null && c.name.equals(TenantSql.COLUMN) && c.nullable()) {
        continue;
      }
      if (f == null) {
        return "table " + tableName + " has no column " + c.name + " (expected " + c.type
            + "): drop the table or add the column";
      }
      String type = normalize(f.getType());
      if (!type.equals(normalize(c.type))) {
        return "column " + c.name + " of table " + tableName + " is " + type + ", expected "
            + c.type + ": drop the table or choose another --bigqueryDataset";
      }
      if ("REPEATED".equals(f.getMode())) {
        return "column " + c.name + " of table " + tableName + " is REPEATED, expected "
            + c.mode;
      }
      if ("REQUIRED".equals(f.getMode()) && c.nullable()) {
        return "column " + c.name + " of table " + tableName
            + " is REQUIRED, but the job may leave it null: make it NULLABLE";
      }
    }
    for (TableFieldSchema extra : byName.values()) {
      if ("REQUIRED".equals(extra.getMode())) {
        return "column " + extra.getName() + " of table " + tableName
            + " is REQUIRED and not written by the job: make it NULLABLE or drop it";
      }
    }
    if (ours.partitionField() == null) {
      return null;
    }
    TimePartitioning p = existing.getTimePartitioning();
    if (p == null
        || !"DAY".equals(p.getType())
        || !ours.partitionField().equals(p.getField())) {
      return "table " + tableName + " is not partitioned by DAY on column "
          + ours.partitionField() + ": drop it so that the job creates it";
    }
    return null;
  }

  private static String normalize(String type) {
    String t = type == null ? "" : type.toUpperCase(Locale.ROOT);
    return ALIASES.getOrDefault(t, t);
  }
}
