package com.amperityworkflowruns.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** Reads a stream job's Parquet tables back with DuckDB, one map per row. */
final class StreamTables {
  private final Path root;

  StreamTables(Path root) {
    this.root = root;
  }

  /** {@code finished_runs}, timestamps as epoch micros. */
  List<Map<String, Object>> finishedRuns() {
    return query("finished_runs", "SELECT run_id, type, state, is_terminal,"
        + " epoch_us(created_at) AS created_at, epoch_us(ended_at) AS ended_at, duration_ms,"
        + " raw_json, filename FROM %s");
  }

  /** {@code type_stats_hourly}, window bounds as epoch micros, the date as text. */
  List<Map<String, Object>> hourlyStats() {
    return query("type_stats_hourly", "SELECT * EXCLUDE (ended_date, window_start, window_end),"
        + " CAST(ended_date AS VARCHAR) AS ended_date, epoch_us(window_start) AS window_start,"
        + " epoch_us(window_end) AS window_end, filename FROM %s");
  }

  /** {@code rejects_stream}. */
  List<Map<String, Object>> rejects() {
    return query("rejects_stream", "SELECT run_id, reason, raw_json, filename FROM %s");
  }

  private List<Map<String, Object>> query(String table, String sql) {
    Path dir = root.resolve(table);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    String from = "read_parquet('" + dir + "/*/*/*.parquet', hive_partitioning=false, filename=true)";
    try {
      return OutputTables.select(String.format(sql, from));
    } catch (SQLException e) {
      if (e.getMessage() != null && e.getMessage().contains("No files found")) {
        return List.of();
      }
      throw new IllegalStateException("cannot read " + table + " below " + root + ": " + e, e);
    }
  }
}
