package com.amperityworkflowruns.sink;

import com.amperityworkflowruns.model.Reject;
import com.amperityworkflowruns.model.TypeStats;
import com.amperityworkflowruns.model.WorkflowRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
import java.util.TreeMap;
import java.util.stream.Stream;

/** Test records, file-tree snapshots and DuckDB queries. */
public final class Fixtures {
  /** 2024-05-01T10:00:00Z in epoch microseconds. */
  static final long MAY_1_10H_MICROS = 1_714_557_600_000_000L;

  private Fixtures() {}

  static WorkflowRun fullRun(String id, String day, long createdAtMicros) {
    return new WorkflowRun(id, "acme", "Daily load", "ingest", "FAILED", "Failed", true,
        createdAtMicros, createdAtMicros + 90_000_000L, 90_000L, day, "p-1", "Ada",
        "ada@example.com", "customer", "SchemaError", "bad column", "{\"col\":\"x\"}",
        "{\"id\":\"" + id + "\"}");
  }

  static WorkflowRun sparseRun(String id, String day, long createdAtMicros) {
    return new WorkflowRun(id, null, null, null, "IN_PROGRESS", null, false, createdAtMicros,
        null, null, day, null, null, null, null, null, null, null, "{\"id\":\"" + id + "\"}");
  }

  static TypeStats fullStats(String day, String type) {
    return new TypeStats(day, type, 10, 6, 2, 1, 0, 1, 2.0 / 9, 1, 1, 100L, 250.5, 200L, 400L,
        450L, 490L, 500L);
  }

  static TypeStats emptyStats(String day, String type) {
    return new TypeStats(day, type, 1, 0, 0, 0, 0, 1, null, 0, 0, null, null, null, null, null,
        null, null);
  }

  static Reject reject(String runId, String day) {
    return new Reject(runId, "missing id", "{\"x\":1}", day);
  }

  /** Every file below {@code root} (relative path to UTF-8 content, or size for binaries). */
  public static Map<String, String> files(Path root) {
    Map<String, String> out = new TreeMap<>();
    if (!Files.exists(root)) {
      return out;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(Files::isRegularFile).forEach(p -> {
        try {
          out.put(root.relativize(p).toString(),
              new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Every directory below {@code root} (relative paths). */
  public static List<String> directories(Path root) {
    List<String> out = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(Files::isDirectory).filter(p -> !p.equals(root))
          .forEach(p -> out.add(root.relativize(p).toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(null);
    return out;
  }

  public static void write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rows of a DuckDB query, each a column-name to value map. */
  static List<Map<String, Object>> query(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<Map<String, Object>> rows = new ArrayList<>();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.put(md.getColumnName(i), rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  /** Column name to DuckDB type of {@code SELECT * FROM source}. */
  static Map<String, String> columnTypes(String source) throws SQLException {
    Map<String, String> types = new LinkedHashMap<>();
    for (Map<String, Object> row : query("DESCRIBE SELECT * FROM " + source)) {
      types.put((String) row.get("column_name"), (String) row.get("column_type"));
    }
    return types;
  }
}
