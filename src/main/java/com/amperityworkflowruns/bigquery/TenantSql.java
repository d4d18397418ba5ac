package com.amperityworkflowruns.bigquery;

import com.amperityworkflowruns.sink.AvroSchemas;
import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableReference;
import java.util.ArrayList;
import java.util.List;

/**
 * The GoogleSQL of the {@code tenant} column: the predicate that scopes every statement to one
 * tenant (the tenant is the named query parameter {@code @tenant}), the count of rows without a
 * tenant, the column's {@code ALTER TABLE}, and the script that files rows written before tables
 * held tenants under one.
 */
final class TenantSql {
  /** The column, as in the Avro schemas. */
  static final String COLUMN = AvroSchemas.TENANT;
  /** The name of the STRING query parameter holding the tenant. */
  static final String PARAMETER = "tenant";
  /** The condition selecting the rows of the tenant {@code @tenant}. */
  static final String IS_TENANT = COLUMN + " = @" + PARAMETER;

  private TenantSql() {}

  /** Whether the existing table {@code t} has the {@code tenant} column. */
  static boolean hasColumn(Table t) {
    return t.getSchema() != null && t.getSchema().getFields() != null
        && t.getSchema().getFields().stream().map(TableFieldSchema::getName)
            .anyMatch(COLUMN::equalsIgnoreCase);
  }

  /** {@code ALTER TABLE ... ADD COLUMN IF NOT EXISTS tenant STRING} with its description. */
  static String addColumn(TableReference table) {
    String description = BigQueryTables.STATS.columns().stream()
        .filter(c -> c.name.equals(COLUMN)).findFirst().orElseThrow().description;
    return "ALTER TABLE " + ReplaceSql.name(table) + " ADD COLUMN IF NOT EXISTS " + COLUMN
        + " STRING OPTIONS (description = \"" + description.replace("\\", "\\\\")
        .replace("\"", "\\\"") + "\")";
  }

  /** Rows without a tenant: NULL in the column, or all when {@code hasColumn} is false. */
  static String countWithoutTenant(TableReference table, boolean hasColumn) {
    return "SELECT COUNT(*) AS row_count FROM " + ReplaceSql.name(table)
        + (hasColumn ? " WHERE " + COLUMN + " IS NULL" : "");
  }

  /**
   * The script of {@link TableStore#fileUnderTenant} for {@code tables} of {@code dataset} that
   * exist, the first being the runs table: the {@code ALTER}s (DDL, which a transaction cannot
   * hold; each idempotent), then one transaction of {@code UPDATE}s setting {@code @tenant}.
   */
  static String fileUnderTenant(DatasetRef dataset, List<TableSpec> tables) {
    StringBuilder sql = new StringBuilder();
    for (TableSpec spec : tables) {
      sql.append(addColumn(dataset.table(spec.name()))).append(";\n");
    }
    StringBuilder updates = new StringBuilder();
    TableSpec runs = tables.get(0);
    List<String> untenantedDays = new ArrayList<>();
    for (TableSpec other : tables.subList(1, tables.size())) {
      untenantedDays.add("SELECT " + other.partitionField() + " FROM "
          + dataset.sqlName(other.name()) + " WHERE " + COLUMN + " IS NULL");
    }
    updates.append("  UPDATE ").append(dataset.sqlName(runs.name())).append(" SET ")
        .append(COLUMN).append(" = @").append(PARAMETER).append(" WHERE ").append(COLUMN)
        .append(" IS NULL");
    if (!untenantedDays.isEmpty()) {
      updates.append(" OR ").append(runs.partitionField()).append(" IN (")
          .append(String.join(" UNION DISTINCT ", untenantedDays)).append(")");
    }
    updates.append(";\n");
    for (TableSpec other : tables.subList(1, tables.size())) {
      updates.append("  UPDATE ").append(dataset.sqlName(other.name())).append(" SET ")
          .append(COLUMN).append(" = @").append(PARAMETER).append(" WHERE ").append(COLUMN)
          .append(" IS NULL;\n");
    }
    return sql + ReplaceSql.transaction(updates.toString());
  }
}
