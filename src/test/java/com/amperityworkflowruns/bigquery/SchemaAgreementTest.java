package com.amperityworkflowruns.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.model.Reject;
import com.amperityworkflowruns.model.TypeStats;
import com.amperityworkflowruns.model.WorkflowRun;
import com.amperityworkflowruns.sink.AvroSchemas;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.sink.WriteTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema files in {@code src/main/resources/bigquery/} agree column for column with the Avro
 * schemas both outputs write, with the Parquet files the job writes (read back by DuckDB), and with
 * the Beam schemas of the model records.
 */
class SchemaAgreementTest {
  private static final Map<String, Schema> AVRO = Map.of(
      "workflow_runs", AvroSchemas.RUNS,
      "workflow_type_stats", AvroSchemas.STATS,
      "rejects", AvroSchemas.REJECTS);
  private static final Map<String, Class<?>> MODEL = Map.of(
      "workflow_runs", WorkflowRun.class,
      "workflow_type_stats", TypeStats.class,
      "rejects", Reject.class);

  @TempDir Path temp;

  /** BigQuery's type of an Avro field as the load (with logical types) maps it. */
  private static String bigQueryTypeOf(Schema field) {
    Schema s = field;
    if (s.getType() == Schema.Type.UNION) {
      s = s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst()
          .orElseThrow();
    }
    LogicalType logical = s.getLogicalType();
    if (logical != null) {
      switch (logical.getName()) {
        case "timestamp-micros":
          return "TIMESTAMP";
        case "date":
          return "DATE";
        default:
          return "unexpected " + logical.getName();
      }
    }
    switch (s.getType()) {
      case STRING:
        return "STRING";
      case LONG:
        return "INTEGER";
      case DOUBLE:
        return "FLOAT";
      case BOOLEAN:
        return "BOOLEAN";
      default:
        return "unexpected " + s.getType();
    }
  }

  @Test
  void everyTable_hasTheColumnsTypesAndModesOfItsAvroSchema() {
    for (TableSpec spec : BigQueryTables.all()) {
      Schema avro = AVRO.get(spec.name());

      assertThat(spec.columnNames()).as(spec.name())
          .containsExactlyElementsOf(avro.getFields().stream().map(Schema.Field::name).toList());
      for (TableSpec.Column c : spec.columns()) {
        Schema field = avro.getField(c.name).schema();
        assertThat(c.type).as(spec.name() + "." + c.name).isEqualTo(bigQueryTypeOf(field));
        assertThat(c.nullable()).as(spec.name() + "." + c.name + " nullable")
            .isEqualTo(field.getType() == Schema.Type.UNION);
      }
    }
  }

  @Test
  void everyTable_isPartitionedByDayOnCreatedDate_withTheIssuesClusteringTenantFirst() {
    assertThat(BigQueryTables.all()).allSatisfy(
        spec -> assertThat(spec.partitionField()).isEqualTo("created_date"));
    assertThat(BigQueryTables.RUNS.clustering()).containsExactly("tenant", "type", "state");
    assertThat(BigQueryTables.STATS.clustering()).containsExactly("tenant", "type");
    assertThat(BigQueryTables.REJECTS.clustering()).containsExactly("tenant");
    assertThat(BigQueryTables.stream()).allSatisfy(spec -> assertThat(spec.clustering())
        .startsWith("tenant").hasSizeLessThanOrEqualTo(4));
    assertThat(BigQueryTables.all()).allSatisfy(spec -> assertThat(spec.columnNames())
        .containsAll(spec.clustering()).contains(spec.partitionField()));
  }

  @Test
  void everyTable_matchesTheBeamSchemaOfItsModelRecord() throws NoSuchSchemaException {
    SchemaRegistry registry = SchemaRegistry.createDefault();
    for (TableSpec spec : BigQueryTables.all()) {
      org.apache.beam.sdk.schemas.Schema beam = registry.getSchema(MODEL.get(spec.name()));
      Map<String, Boolean> beamColumns = new LinkedHashMap<>();
      for (org.apache.beam.sdk.schemas.Schema.Field f : beam.getFields()) {
        beamColumns.put(columnName(f.getName()), f.getType().getNullable());
      }
      Map<String, Boolean> tableColumns = new LinkedHashMap<>();
      for (TableSpec.Column c : spec.columns()) {
        tableColumns.put(c.name, c.nullable());
      }
      if (spec == BigQueryTables.STATS) {
        // A TypeStats without a day is the console's whole-range summary; the table never gets one.
        assertThat(beamColumns.put("created_date", false)).isTrue();
      }
      if (spec != BigQueryTables.RUNS) {
        // The tenant of statistics and rejects is the job's, not a field of the model record.
        assertThat(beamColumns.put("tenant", true)).isNull();
      }
      if (spec == BigQueryTables.REJECTS) {
        // The model files an undated reject under Reject.UNDATED; its Parquet/BigQuery day is null.
        assertThat(beamColumns.put("created_date", true)).isFalse();
      }

      assertThat(tableColumns).as(spec.name()).containsExactlyInAnyOrderEntriesOf(beamColumns);
    }
  }

  /** {@code createdAtMicros} -> {@code created_at}, {@code runId} -> {@code run_id}. */
  private static String columnName(String field) {
    return field.replaceAll("Micros$", "").replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
  }

  @Test
  void everyTable_hasTheColumnsAndTypesOfTheParquetFilesTheJobWrites() throws Exception {
    // Arrange: one row per table written by the Parquet output.
    long micros = 1_714_557_600_000_000L;
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollectionTuple.of(WriteTables.RUNS, p.apply("Runs", Create.of(new WorkflowRun("r", null,
            null, null, "UNKNOWN", null, false, micros, null, null, "2024-05-01", null, null, null,
            null, null, null, null, "{}")).withType(TypeDescriptor.of(WorkflowRun.class))))
        .and(WriteTables.STATS, p.apply("Stats", Create.of(new TypeStats("2024-05-01", "t", 1, 0,
            0, 0, 0, 1, null, 0, 0, null, null, null, null, null, null, null))
            .withType(TypeDescriptor.of(TypeStats.class))))
        .and(WriteTables.REJECTS, p.apply("Rejects", Create.of(new Reject(null, "why", "{}",
            "2024-05-01")).withType(TypeDescriptor.of(Reject.class))))
        .apply(WriteTables.to(OutputLayout.of(temp.toString()), "job-s"));
    p.run().waitUntilFinish();

    for (TableSpec spec : BigQueryTables.all()) {
      // Act
      Map<String, String> parquet = parquetColumns(spec.name());

      // Assert
      Map<String, String> expected = new LinkedHashMap<>();
      spec.columns().forEach(c -> expected.put(c.name, c.type));
      assertThat(parquet).as(spec.name()).containsExactlyEntriesOf(expected);
    }
  }

  /** Column name to BigQuery type of the table's staged Parquet file, as DuckDB reads it. */
  private Map<String, String> parquetColumns(String table) throws Exception {
    Path file;
    try (Stream<Path> s = Files.walk(temp)) {
      file = s.filter(f -> f.toString().endsWith(".parquet"))
          .filter(f -> f.toString().contains("/" + table + "/")).findFirst().orElseThrow();
    }
    Map<String, String> columns = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + file
            + "', hive_partitioning=false)")) {
      while (rs.next()) {
        columns.put(rs.getString("column_name"), fromDuckDb(rs.getString("column_type")));
      }
    }
    return columns;
  }

  private static String fromDuckDb(String type) {
    switch (type) {
      case "VARCHAR":
        return "STRING";
      case "BIGINT":
        return "INTEGER";
      case "DOUBLE":
        return "FLOAT";
      case "BOOLEAN":
        return "BOOLEAN";
      case "DATE":
        return "DATE";
      case "TIMESTAMP WITH TIME ZONE":
        return "TIMESTAMP";
      default:
        return "unexpected " + type;
    }
  }

  @Test
  void schemaFiles_listTheThreeTables() {
    assertThat(BigQueryTables.all()).extracting(TableSpec::name)
        .containsExactly("workflow_runs", "workflow_type_stats", "rejects");
    assertThat(List.of("workflow_runs.json", "workflow_type_stats.json", "rejects.json",
        "tables.json")).allSatisfy(f -> assertThat(
            Path.of("src/main/resources/bigquery", f)).isRegularFile());
  }
}
