package com.amperityworkflowruns.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads a job's published Parquet tables back with DuckDB, one map per row: every tenant's, or
 * one tenant's ({@link #tenant}).
 */
final class OutputTables {
  private final Path root;
  private final String tenantFolder;

  OutputTables(Path root) {
    this(root, "*");
  }

  private OutputTables(Path root, String tenantFolder) {
    this.root = root;
    this.tenantFolder = tenantFolder;
  }

  /** The tables of tenant {@code tenant} only. */
  OutputTables tenant(String tenant) {
    return new OutputTables(root, "tenant=" + tenant);
  }

  /** {@code workflow_runs} with timestamps as epoch micros and the date as text. */
  List<Map<String, Object>> runs() {
    return query(
        "workflow_runs/" + tenantFolder + "/*/*.parquet",
        "SELECT run_id, tenant, type, state, state_raw, is_terminal, epoch_us(created_at) AS created_at,"
            + " epoch_us(ended_at) AS ended_at, duration_ms,"
            + " CAST(created_date AS VARCHAR) AS created_date, error_attribution, error_type,"
            + " error_message, error_data, raw_json, filename FROM %s");
  }

  /**
   * {@code workflow_runs}, every column of the file: timestamps as epoch micros, the date as text.
   */
  List<Map<String, Object>> runsEveryColumn() {
    return query(
        "workflow_runs/" + tenantFolder + "/*/*.parquet",
        "SELECT * EXCLUDE (created_at, ended_at, created_date), epoch_us(created_at) AS created_at,"
            + " epoch_us(ended_at) AS ended_at, CAST(created_date AS VARCHAR) AS created_date,"
            + " filename FROM %s");
  }

  /** {@code workflow_type_stats}, the date as text. */
  List<Map<String, Object>> stats() {
    return query(
        "workflow_type_stats/" + tenantFolder + "/*/*.parquet",
        "SELECT * EXCLUDE (created_date), CAST(created_date AS VARCHAR) AS created_date,"
            + " filename FROM %s");
  }

  /** {@code rejects}, the date as text. */
  List<Map<String, Object>> rejects() {
    return query(
        "rejects/" + tenantFolder + "/*/*.parquet",
        "SELECT run_id, tenant, reason, raw_json, CAST(created_date AS VARCHAR) AS created_date, filename"
            + " FROM %s");
  }

  /** Every regular file below the root, as paths relative to it, sorted. */
  List<String> files() {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<Map<String, Object>> query(String glob, String sql) {
    String dir = glob.substring(0, glob.indexOf('/'));
    if (!Files.isDirectory(root.resolve(dir)) || files().stream().noneMatch(f -> f.startsWith(dir + "/"))) {
      return List.of();
    }
    String from =
        "read_parquet('" + root.resolve(glob) + "', hive_partitioning=false, filename=true)";
    try {
      return select(String.format(sql, from));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read " + glob + " below " + root + ": " + e, e);
    }
  }

  /** Runs {@code sql} in an in-memory DuckDB; each row as column label to value, in order. */
  static List<Map<String, Object>> select(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<Map<String, Object>> rows = new ArrayList<>();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.put(md.getColumnLabel(i), rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    }
  }
}
