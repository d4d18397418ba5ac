package com.amperityworkflowruns.bigquery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The output tables (three batch, three stream), read from the schema files in {@code src/main/resources/bigquery/}: the
 * one place their columns, partitioning and clustering are written down. Terraform reads the same
 * files ({@code terraform/bigquery.tf}).
 */
public final class BigQueryTables {
  /** Folder of the schema files on the classpath. */
  public static final String RESOURCE_DIR = "bigquery/";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code workflow_runs}: one row per run. */
  public static final TableSpec RUNS = load("workflow_runs");
  /** {@code workflow_type_stats}: one row per (day, type). */
  public static final TableSpec STATS = load("workflow_type_stats");
  /** {@code rejects}: records that could not be normalized. */
  public static final TableSpec REJECTS = load("rejects");

  /** {@code finished_runs}: the stream's terminal runs, by the day they ended. */
  public static final TableSpec FINISHED_RUNS = load("finished_runs");
  /** {@code type_stats_hourly}: the stream's statistics per (window, type). */
  public static final TableSpec STATS_HOURLY = load("type_stats_hourly");
  /** {@code rejects_stream}: records the stream could not normalize, by window. */
  public static final TableSpec REJECTS_STREAM = load("rejects_stream");

  /**
   * {@code _refresh_marks}: the job's own table, one row per tenant, not partitioned: until when
   * the tenant's days know every ended run ({@code bigquery/_refresh_marks.json}; not in {@code
   * tables.json}: Terraform does not declare it, the job creates it).
   */
  public static final TableSpec REFRESH_MARKS = new TableSpec("_refresh_marks",
      columns(read("_refresh_marks.json")), null, List.of());

  private BigQueryTables() {}

  /** The three batch tables in the order they are written and published. */
  public static List<TableSpec> all() {
    return List.of(RUNS, STATS, REJECTS);
  }

  /** The three stream tables ({@code --mode=stream}). */
  public static List<TableSpec> stream() {
    return List.of(FINISHED_RUNS, STATS_HOURLY, REJECTS_STREAM);
  }

  /** Reads {@code bigquery/NAME.json} (columns) and its entry in {@code bigquery/tables.json}. */
  static TableSpec load(String name) {
    JsonNode fields = read(name + ".json");
    JsonNode layout = read("tables.json").get(name);
    if (layout == null) {
      throw new IllegalStateException(RESOURCE_DIR + "tables.json has no entry for " + name);
    }
    List<TableSpec.Column> columns = columns(fields);
    List<String> clustering = new ArrayList<>();
    layout.path("clustering").forEach(c -> clustering.add(c.asText()));
    if (!"DAY".equals(layout.path("partition_type").asText())) {
      throw new IllegalStateException(name + " must be partitioned by DAY");
    }
    JsonNode window = layout.get("window_field");
    return new TableSpec(name, columns, layout.path("partition_field").asText(), clustering,
        window == null ? null : window.asText());
  }

  private static List<TableSpec.Column> columns(JsonNode fields) {
    List<TableSpec.Column> columns = new ArrayList<>();
    for (JsonNode f : fields) {
      columns.add(
          new TableSpec.Column(
              f.path("name").asText(),
              f.path("type").asText(),
              f.path("mode").asText("NULLABLE"),
              f.path("description").asText("")));
    }
    return columns;
  }

  private static JsonNode read(String file) {
    String path = RESOURCE_DIR + file;
    try (InputStream in = BigQueryTables.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("resource " + path + " is missing from the jar");
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + path, e);
    }
  }
}
