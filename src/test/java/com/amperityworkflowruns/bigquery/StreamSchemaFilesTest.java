package com.amperityworkflowruns.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stream tables' schema files hold the columns of the Parquet stream tables: {@code
 * finished_runs} those of {@code workflow_runs}, {@code type_stats_hourly} those of {@code
 * workflow_type_stats} by end date plus the window, {@code rejects_stream} those of {@code
 * rejects} plus the end date and the window; each is partitioned by day on {@code ended_date}.
 * The {@code tenant} column of the last two comes last, where BigQuery puts a column added to a
 * table created before tables held tenants.
 */
class StreamSchemaFilesTest {
  private static List<String> columns(TableSpec spec) {
    return spec.columns().stream().map(TableSpec.Column::toString).toList();
  }

  private static final String TENANT = "tenant STRING NULLABLE";

  private static List<String> withoutTenant(TableSpec spec) {
    return columns(spec).stream().filter(c -> !c.equals(TENANT)).toList();
  }

  private static List<String> plus(List<String> base, String... extra) {
    List<String> all = new ArrayList<>(base);
    all.addAll(List.of(extra));
    return all;
  }

  @Test
  void finishedRuns_hasTheWorkflowRunsColumnsPlusTheEndDate_withEndedAtRequired() {
    List<String> batch = columns(BigQueryTables.RUNS).stream()
        .map(c -> c.equals("ended_at TIMESTAMP NULLABLE") ? "ended_at TIMESTAMP REQUIRED" : c)
        .toList();
    assertThat(columns(BigQueryTables.FINISHED_RUNS))
        .isEqualTo(plus(batch, "ended_date DATE REQUIRED"));
  }

  @Test
  void finishedRuns_namesEndedDateAsItsPartition_notCreatedDate() {
    assertThat(BigQueryTables.FINISHED_RUNS.columns()).filteredOn(c -> c.name.equals("created_date"))
        .singleElement().satisfies(c -> assertThat(c.description).doesNotContain("; the partition"));
  }

  @Test
  void typeStatsHourly_hasTheStatisticsColumnsByEndDatePlusTheWindow() {
    List<String> batch = withoutTenant(BigQueryTables.STATS).stream()
        .map(c -> c.equals("created_date DATE REQUIRED") ? "ended_date DATE REQUIRED" : c).toList();

    assertThat(columns(BigQueryTables.STATS_HOURLY)).isEqualTo(
        plus(batch, "window_start TIMESTAMP REQUIRED", "window_end TIMESTAMP REQUIRED", TENANT));
  }

  @Test
  void rejectsStream_hasTheRejectsColumnsPlusTheEndDateAndTheWindow() {
    assertThat(columns(BigQueryTables.REJECTS_STREAM)).isEqualTo(plus(
        withoutTenant(BigQueryTables.REJECTS), "ended_date DATE REQUIRED",
        "window_start TIMESTAMP REQUIRED", "window_end TIMESTAMP REQUIRED", TENANT));
  }

  @Test
  void streamTables_arePartitionedByEndDate_andNameTheirWindowColumn() {
    assertThat(BigQueryTables.stream()).allSatisfy(spec -> {
      assertThat(spec.partitionField()).isEqualTo("ended_date");
      assertThat(spec.columnNames()).contains(spec.windowField());
    });
    assertThat(BigQueryTables.stream()).extracting(TableSpec::windowField)
        .containsExactly("ended_at", "window_start", "window_start");
    assertThat(BigQueryTables.all()).extracting(TableSpec::windowField).containsOnlyNulls();
  }
}
