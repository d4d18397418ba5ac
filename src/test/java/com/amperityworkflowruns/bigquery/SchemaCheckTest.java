package com.amperityworkflowruns.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableSchema;
import com.google.api.services.bigquery.model.TimePartitioning;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Which existing tables can take our rows, and the one line that names the column otherwise. */
class SchemaCheckTest {
  private static final TableSpec RUNS = BigQueryTables.RUNS;

  /** Our own table, changed by {@code change}. */
  private static Table existing(Consumer<List<TableFieldSchema>> change) {
    Table t = RUNS.toTable(DatasetRef.parse("my-project:runs").table("workflow_runs"));
    List<TableFieldSchema> fields = new ArrayList<>(t.getSchema().getFields());
    change.accept(fields);
    return t.setSchema(new TableSchema().setFields(fields));
  }

  private static TableFieldSchema field(List<TableFieldSchema> fields, String name) {
    return fields.stream().filter(f -> f.getName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void ourOwnTable_andGoogleSqlTypeNames_andAnExtraNullableColumn_haveNoConflict() {
    Map<String, String> aliases = Map.of("INTEGER", "INT64", "FLOAT", "FLOAT64", "BOOLEAN", "BOOL");

    assertThat(SchemaCheck.conflict("t", existing(f -> { }), RUNS)).isNull();
    assertThat(SchemaCheck.conflict("t", existing(fields -> fields.forEach(
        f -> f.setType(aliases.getOrDefault(f.getType(), f.getType())))), RUNS)).isNull();
    assertThat(SchemaCheck.conflict("t", existing(fields -> fields.add(
        new TableFieldSchema().setName("note").setType("STRING").setMode("NULLABLE"))), RUNS))
        .isNull();
  }

  @Test
  void aMissingColumn_isNamed() {
    assertThat(SchemaCheck.conflict("p:d.workflow_runs",
        existing(fields -> fields.remove(field(fields, "error_data"))), RUNS))
        .startsWith("table p:d.workflow_runs has no column error_data");
  }

  @Test
  void anotherType_isNamedWithBothTypes() {
    assertThat(SchemaCheck.conflict("t",
        existing(fields -> field(fields, "created_at").setType("STRING")), RUNS))
        .startsWith("column created_at of table t is STRING, expected TIMESTAMP");
  }

  @Test
  void aRequiredColumnWeMayLeaveNull_andAnExtraRequiredColumn_areNamed() {
    assertThat(SchemaCheck.conflict("t",
        existing(fields -> field(fields, "ended_at").setMode("REQUIRED")), RUNS))
        .startsWith("column ended_at of table t is REQUIRED");
    assertThat(SchemaCheck.conflict("t", existing(fields -> fields.add(
        new TableFieldSchema().setName("owner").setType("STRING").setMode("REQUIRED"))), RUNS))
        .startsWith("column owner of table t is REQUIRED and not written by the job");
  }

  @Test
  void anotherPartitioning_isNamed() {
    Table t = existing(f -> { }).setTimePartitioning(
        new TimePartitioning().setType("DAY").setField("ended_at"));

    assertThat(SchemaCheck.conflict("t", t, RUNS))
        .isEqualTo("table t is not partitioned by DAY on column created_date: drop it so that"
            + " the job creates it");
    assertThat(SchemaCheck.conflict("t", existing(f -> { }).setTimePartitioning(null), RUNS))
        .contains("not partitioned");
  }

  @Test
  void datasetRef_parsesProjectColonDataset_andRefusesOtherForms() {
    DatasetRef d = DatasetRef.parse("my-project:amperity_runs");
    assertThat(d.project).isEqualTo("my-project");
    assertThat(d.dataset).isEqualTo("amperity_runs");
    assertThat(DatasetRef.parse("example.com:my-project:runs").project)
        .isEqualTo("example.com:my-project");

    for (String bad : new String[] {"amperity_runs", "my-project.amperity_runs", "My-Project:x",
        "my-project:bad-name", "p:x", ""}) {
      assertThatThrownBy(() -> DatasetRef.parse(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PROJECT:DATASET");
    }
  }
}
