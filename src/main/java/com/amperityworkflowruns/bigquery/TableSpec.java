package com.amperityworkflowruns.bigquery;

import com.google.api.services.bigquery.model.Clustering;
import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableSchema;
import com.google.api.services.bigquery.model.TimePartitioning;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One output table as BigQuery sees it: its name, columns (from {@code bigquery/NAME.json}), day
 * partitioning and clustering (from {@code bigquery/tables.json}). Immutable and serializable, so
 * the same spec travels to workers; the stream mode can write its own tables from the same files.
 * The job's own small tables (e.g. {@link BigQueryTables#REFRESH_MARKS}) are not partitioned.
 */
public final class TableSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One column: name, BigQuery type as the API returns it (e.g. INTEGER), mode. */
  public static final class Column implements Serializable {
    private static final long serialVersionUID = 1L;
    public final String name;
    public final String type;
    public final String mode;
    public final String description;

    Column(String name, String type, String mode, String description) {
      this.name = name;
      this.type = type;
      this.mode = mode;
      this.description = description;
    }

    /** Whether the column may hold null. */
    public boolean nullable() {
      return !"REQUIRED".equals(mode);
    }

    @Override
    public String toString() {
      return name + " " + type + " " + mode;
    }
  }

  private final String name;
  private final List<Column> columns;
  private final @Nullable String partitionField;
  private final List<String> clustering;
  private final @Nullable String windowField;

  TableSpec(String name, List<Column> columns, @Nullable String partitionField,
      List<String> clustering) {
    this(name, columns, partitionField, clustering, null);
  }

  TableSpec(String name, List<Column> columns, @Nullable String partitionField,
      List<String> clustering,
      @Nullable String windowField) {
    this.name = name;
    this.columns = List.copyOf(columns);
    this.partitionField = partitionField;
    this.clustering = List.copyOf(clustering);
    this.windowField = windowField;
  }

  /** The table's name, e.g. {@code workflow_runs}. */
  public String name() {
    return name;
  }

  /** The columns in order. */
  public List<Column> columns() {
    return columns;
  }

  /** The column names in order. */
  public List<String> columnNames() {
    return columns.stream().map(c -> c.name).toList();
  }

  /** The DATE column the table is partitioned on by DAY; null for a table not partitioned. */
  public @Nullable String partitionField() {
    return partitionField;
  }

  /**
   * A stream table's TIMESTAMP column that places a row in its statistics window (a row belongs
   * to window [s, e) when s &lt;= value &lt; e); null for the batch tables.
   */
  public @Nullable String windowField() {
    return windowField;
  }

  /** The clustering columns (may be empty). */
  public List<String> clustering() {
    return clustering;
  }

  /** The schema in the API's model. */
  public TableSchema tableSchema() {
    List<TableFieldSchema> fields = new ArrayList<>();
    for (Column c : columns) {
      fields.add(
          new TableFieldSchema()
              .setName(c.name)
              .setType(c.type)
              .setMode(c.mode)
              .setDescription(c.description));
    }
    return new TableSchema().setFields(fields);
  }

  /** DAY partitioning on {@link #partitionField()}, or null when the table is not partitioned. */
  public @Nullable TimePartitioning timePartitioning() {
    return partitionField == null ? null
        : new TimePartitioning().setType("DAY").setField(partitionField);
  }

  /** The clustering, or null when the table has none. */
  public Clustering clusteringSpec() {
    return clustering.isEmpty() ? null : new Clustering().setFields(new ArrayList<>(clustering));
  }

  /** The table resource to create at {@code ref}. */
  public Table toTable(TableReference ref) {
    Table t = new Table().setTableReference(ref).setSchema(tableSchema());
    if (partitionField != null) {
      t.setTimePartitioning(timePartitioning());
    }
    Clustering c = clusteringSpec();
    if (c != null) {
      t.setClustering(c);
    }
    return t;
  }

  @Override
  public String toString() {
    return name + columns;
  }
}
