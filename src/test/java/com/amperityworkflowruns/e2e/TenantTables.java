package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One tenant's published tables, read by DuckDB from that tenant's folders only ({@code
 * workflow_runs/tenant=T/...} etc.), as the views {@code runs}, {@code stats} and {@code rejects}
 * (undated rejects included): the truth the report's figures are checked against.
 */
final class TenantTables {
  /** The terminal states, as SQL. */
  static final String TERMINAL = "state IN ('SUCCEEDED','FAILED','CANCELED','STOPPED')";

  private final Path output;
  private final String tenant;

  TenantTables(Path output, String tenant) {
    this.output = output;
    this.tenant = tenant;
  }

  /** Runs {@code sql} over the views; integers as Long, other values as DuckDB returns them. */
  List<Map<String, Object>> query(String sql) {
    String views = view("runs", "workflow_runs") + view("stats", "workflow_type_stats")
        + view("rejects", "rejects");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      st.execute(views);
      try (ResultSet rs = st.executeQuery(sql)) {
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            Object v = rs.getObject(i);
            row.put(rs.getMetaData().getColumnLabel(i),
                v instanceof Number && !(v instanceof Double) ? ((Number) v).longValue() : v);
          }
          rows.add(row);
        }
        return rows;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("DuckDB: " + sql + ": " + e, e);
    }
  }

  /** The one value of {@code expression} over {@code runs}, as text. */
  String first(String expression) {
    return (String) query("SELECT CAST(" + expression + " AS VARCHAR) AS v FROM runs")
        .get(0).get("v");
  }

  /**
   * Asserts that a page's {@code figures} (runs, terminal, failed, failure rate, open runs,
   * median duration) are those of the runs matching {@code where}.
   */
  void assertFigures(JsonNode figures, String where) {
    Map<String, Object> e = query("SELECT count(*) AS runs,"
        + " count(*) FILTER (" + TERMINAL + ") AS terminal,"
        + " count(*) FILTER (state = 'FAILED') AS failed,"
        + " count(*) FILTER (state = 'FAILED') * 1.0 / count(*) FILTER (" + TERMINAL + ") AS rate,"
        + " count(*) FILTER (NOT (" + TERMINAL + ")) AS open,"
        + " list_sort(list(duration_ms) FILTER (" + TERMINAL + " AND duration_ms IS NOT NULL))"
        + "   [CAST(ceil(0.5 * count(duration_ms) FILTER (" + TERMINAL + ")) AS BIGINT)] AS median"
        + " FROM runs WHERE " + where).get(0);
    assertThat(figures.path("runs").asLong()).isEqualTo(e.get("runs"));
    assertThat(figures.path("terminal").asLong()).isEqualTo(e.get("terminal"));
    assertThat(figures.path("failed").asLong()).isEqualTo(e.get("failed"));
    assertThat(figures.path("failureRate").asDouble())
        .isCloseTo((Double) e.get("rate"), within(1e-12));
    assertThat(figures.path("openRuns").asLong()).isEqualTo(e.get("open"));
    assertThat(figures.path("medianDurationMs").asLong()).isEqualTo(e.get("median"));
  }

  private String view(String name, String table) {
    return "CREATE VIEW " + name + " AS SELECT * FROM read_parquet('" + output + "/" + table
        + "/tenant=" + tenant + "/*/*.parquet', hive_partitioning=false);";
  }
}
