package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.bigquery.BigQueryTables;
import com.amperityworkflowruns.bigquery.DatasetRef;
import com.amperityworkflowruns.bigquery.FakeBigQuery;
import com.amperityworkflowruns.bigquery.TableSpec;
import com.amperityworkflowruns.simulator.ApiSimulator;
import com.google.api.services.bigquery.model.TableRow;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole jobs with {@code --format=bigquery} through the launcher, against Beam's fake BigQuery
 * services and the in-memory table store: the same rows as the Parquet output of the same tenant,
 * every column of every table (timestamps to the microsecond), and a rerun that leaves one row per
 * run.
 */
@Timeout(300)
class BigQueryJobTest {
  private static final DatasetRef DATASET = DatasetRef.parse("test-project:amperity_runs");

  @TempDir Path tmp;

  @BeforeEach
  void emptyDataset() {
    FakeBigQuery.reset(DATASET);
  }

  private List<String> bigQueryArgs(ApiSimulator sim, Path token, LocalDate from, LocalDate to) {
    List<String> args =
        SimJob.without(SimJob.args(sim, token, tmp.resolve("unused"), from, to), "output");
    args.add("--format=bigquery");
    args.add("--bigqueryDataset=" + DATASET);
    args.add("--tempLocation=" + tmp.resolve("temp"));
    return args;
  }

  /**
   * Rows of a table as column -> canonical text, every column of the schema: numbers parsed (so 5
   * and "5" agree), booleans parsed, timestamps as epoch microseconds (Parquet's {@code epoch_us}
   * and the fake's TIMESTAMP text agree only when equal to the microsecond).
   */
  private static List<Map<String, String>> canonical(TableSpec spec, List<? extends Map<String, ?>> rows) {
    List<Map<String, String>> out = new ArrayList<>();
    for (Map<String, ?> row : rows) {
      Map<String, String> c = new LinkedHashMap<>();
      for (TableSpec.Column col : spec.columns()) {
        Object v = row.get(col.name);
        String text;
        if (v == null) {
          text = null;
        } else if (col.type.equals("INTEGER")) {
          text = String.valueOf(Long.parseLong(String.valueOf(v)));
        } else if (col.type.equals("FLOAT")) {
          text = String.valueOf(Double.parseDouble(String.valueOf(v)));
        } else if (col.type.equals("BOOLEAN")) {
          text = String.valueOf(Boolean.parseBoolean(String.valueOf(v)));
        } else if (col.type.equals("TIMESTAMP")) {
          text = String.valueOf(FakeBigQuery.micros(v));
        } else {
          text = String.valueOf(v);
        }
        c.put(col.name, text);
      }
      out.add(c);
    }
    out.sort(Comparator.comparing(Map::toString));
    return out;
  }

  private static List<Map<String, String>> bigQuery(TableSpec spec) {
    List<TableRow> rows = FakeBigQuery.rows(DATASET, spec.name());
    return canonical(spec, rows);
  }

  @Test
  void givenOneTenant_bigQueryAndParquetWriteTheSameStatisticsRowForRow_andTheSameRuns() {
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(800).build())) {
      // Arrange
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      Path parquetOut = tmp.resolve("parquet");
      JobRun parquet = JobRun.launch(SimJob.args(sim, token, parquetOut));
      assertThat(parquet.exitCode).as(parquet.toString()).isZero();

      // Act
      JobRun bq = JobRun.launch(Map.of(),
          bigQueryArgs(sim, token, SimJob.FROM, SimJob.TO), FakeBigQuery.backend());

      // Assert
      assertThat(bq.exitCode).as(bq.toString()).isZero();
      assertThat(bq.out).contains("output: BigQuery " + DATASET);
      OutputTables files = new OutputTables(parquetOut);
      List<Map<String, String>> parquetStats = canonical(BigQueryTables.STATS, files.stats());
      assertThat(parquetStats).hasSizeGreaterThan(20);
      assertThat(bigQuery(BigQueryTables.STATS)).containsExactlyElementsOf(parquetStats);
      List<Map<String, String>> parquetRuns =
          canonical(BigQueryTables.RUNS, files.runsEveryColumn());
      assertEveryColumnVaries(parquetRuns);
      assertThat(bigQuery(BigQueryTables.RUNS)).containsExactlyElementsOf(parquetRuns);
      // Parquet keeps an undated reject without a day; BigQuery files it under the first day.
      List<Map<String, Object>> parquetRejects = new java.util.ArrayList<>();
      for (Map<String, Object> r : files.rejects()) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(r);
        copy.putIfAbsent("created_date", null);
        if (copy.get("created_date") == null) {
          copy.put("created_date", SimJob.FROM.toString());
        }
        parquetRejects.add(copy);
      }
      assertThat(canonical(BigQueryTables.REJECTS, FakeBigQuery.rows(DATASET, "rejects")))
          .containsExactlyElementsOf(canonical(BigQueryTables.REJECTS, parquetRejects));
    }
  }

  @Test
  void givenARerunOverPartOfTheRange_oneRowPerRunAndDaysOutsideTheRerunUntouched() {
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(600).build())) {
      // Arrange
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      assertThat(JobRun.launch(Map.of(), bigQueryArgs(sim, token, SimJob.FROM, SimJob.TO),
          FakeBigQuery.backend()).exitCode).isZero();
      List<TableRow> before = FakeBigQuery.rows(DATASET, "workflow_runs");
      LocalDate midFrom = LocalDate.of(2024, 1, 5);
      LocalDate midTo = LocalDate.of(2024, 1, 8);

      // Act
      JobRun rerun = JobRun.launch(Map.of(), bigQueryArgs(sim, token, midFrom, midTo),
          FakeBigQuery.backend());

      // Assert
      assertThat(rerun.exitCode).as(rerun.toString()).isZero();
      List<TableRow> after = FakeBigQuery.rows(DATASET, "workflow_runs");
      assertThat(after).extracting(r -> (String) r.get("run_id")).doesNotHaveDuplicates()
          .hasSize(before.size());
      assertThat(perDay(after)).isEqualTo(perDay(before));
      assertThat(outside(after, midFrom, midTo)).isEqualTo(outside(before, midFrom, midTo));
    }
  }

  @Test
  void givenApiAnsweringEmptyPages_rerunIsRefusedWithExit1AndTablesUnchanged() {
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(400).build())) {
      // Arrange
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      List<String> args = bigQueryArgs(sim, token, SimJob.FROM, SimJob.TO);
      assertThat(JobRun.launch(Map.of(), args, FakeBigQuery.backend()).exitCode).isZero();
      Map<String, List<String>> before = allTables();
      long runs = FakeBigQuery.rows(DATASET, "workflow_runs").size();
      sim.setEmptyAnswers(true);

      // Act
      JobRun incident = JobRun.launch(Map.of(), args, FakeBigQuery.backend());

      // Assert
      assertThat(incident.exitCode).as(incident.toString()).isEqualTo(1);
      assertThat(incident.errLines()).as(incident.toString()).singleElement().asString()
          .startsWith("error: publish refused: ")
          .contains("day(s) would lose runs (" + runs + " -> 0 runs: " + SimJob.FROM + " ")
          .contains("--allowShrink");
      assertThat(allTables()).isEqualTo(before);
    }
  }

  @Test
  void givenApiAnsweringEmptyPages_allowShrinkEmptiesTheDaysWhenMeant() {
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(300).build())) {
      // Arrange
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      List<String> args = bigQueryArgs(sim, token, SimJob.FROM, SimJob.TO);
      assertThat(JobRun.launch(Map.of(), args, FakeBigQuery.backend()).exitCode).isZero();
      assertThat(FakeBigQuery.rows(DATASET, "workflow_runs")).isNotEmpty();
      sim.setEmptyAnswers(true);

      // Act
      JobRun meant = JobRun.launch(Map.of(), SimJob.with(args, "--allowShrink=true"),
          FakeBigQuery.backend());

      // Assert
      assertThat(meant.exitCode).as(meant.toString()).isZero();
      assertThat(FakeBigQuery.rows(DATASET, "workflow_runs")).isEmpty();
    }
  }

  /**
   * Guards the comparison against passing vacuously: every column of the runs holds a value
   * somewhere, and some timestamps have a fraction of a second. The API (and the simulator) give
   * milliseconds, so the microseconds compared exactly end in 000; a value cut to whole seconds
   * or shifted by a microsecond still differs.
   */
  private static void assertEveryColumnVaries(List<Map<String, String>> runs) {
    assertThat(runs).hasSizeGreaterThan(500);
    for (TableSpec.Column col : BigQueryTables.RUNS.columns()) {
      assertThat(runs).as("a value of " + col.name).anyMatch(r -> r.get(col.name) != null);
    }
    assertThat(runs).as("created_at with a fraction of a second")
        .anyMatch(r -> Long.parseLong(r.get("created_at")) % 1_000_000 != 0);
    assertThat(runs).as("ended_at with a fraction of a second").anyMatch(
        r -> r.get("ended_at") != null && Long.parseLong(r.get("ended_at")) % 1_000_000 != 0);
  }

  /** Every row of the three published tables, as sorted text per table. */
  private static Map<String, List<String>> allTables() {
    Map<String, List<String>> out = new TreeMap<>();
    for (TableSpec spec : BigQueryTables.all()) {
      out.put(spec.name(), FakeBigQuery.rows(DATASET, spec.name()).stream()
          .map(TableRow::toString).sorted().toList());
    }
    return out;
  }

  private static Map<String, Long> perDay(List<TableRow> rows) {
    return rows.stream().collect(Collectors.groupingBy(
        r -> String.valueOf(r.get("created_date")), TreeMap::new, Collectors.counting()));
  }

  private static List<String> outside(List<TableRow> rows, LocalDate from, LocalDate to) {
    return rows.stream()
        .filter(r -> {
          LocalDate d = LocalDate.parse(String.valueOf(r.get("created_date")));
          return d.isBefore(from) || !d.isBefore(to);
        })
        .map(TableRow::toString).sorted().toList();
  }
}
