package com.amperityworkflowruns.sink;

import static com.amperityworkflowruns.sink.Fixtures.MAY_1_10H_MICROS;
import static com.amperityworkflowruns.sink.Fixtures.columnTypes;
import static com.amperityworkflowruns.sink.Fixtures.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amperityworkflowruns.model.Reject;
import com.amperityworkflowruns.model.TypeStats;
import com.amperityworkflowruns.model.WorkflowRun;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.publish.PublishPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteTablesPipelineTest {
  private static final long DAY_MICROS = 86_400_000_000L;

  @TempDir Path temp;

  private static void run(OutputLayout layout, String jobId, LocalDate from, LocalDate to,
      List<WorkflowRun> runs, List<TypeStats> stats, List<Reject> rejects,
      CompressionCodecName codec) {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollectionTuple tables = PCollectionTuple
        .of(WriteTables.RUNS,
            p.apply("Runs", Create.of(runs).withType(TypeDescriptor.of(WorkflowRun.class))))
        .and(WriteTables.STATS,
            p.apply("Stats", Create.of(stats).withType(TypeDescriptor.of(TypeStats.class))))
        .and(WriteTables.REJECTS,
            p.apply("Rejects", Create.of(rejects).withType(TypeDescriptor.of(Reject.class))));
    PCollection<String> staged =
        tables.apply("WriteTables", WriteTables.to(layout, jobId).withCodec(codec));
    if (from != null) {
      // These tests replace days with fewer runs on purpose: the shrink guard has its own tests.
      staged.apply("PublishOutput", PublishOutput.to(layout, jobId).forDays(from, to)
          .withPolicy(PublishPolicy.defaults().withAllowShrink(true)));
    }
    p.run().waitUntilFinish();
  }

  @Test
  void writeTables_stagesParquetWithEveryColumnTypeAndNullReadableByDuckDb() throws Exception {
    OutputLayout layout = OutputLayout.of(temp.toString());
    run(layout, "job-a", null, null,
        List.of(Fixtures.fullRun("r1", "2024-05-01", MAY_1_10H_MICROS),
            Fixtures.sparseRun("r2", "2024-05-01", MAY_1_10H_MICROS + 1),
            Fixtures.fullRun("r3", "2024-05-02", MAY_1_10H_MICROS + DAY_MICROS)),
        List.of(Fixtures.fullStats("2024-05-01", "ingest"),
            Fixtures.emptyStats("2024-05-01", "export")),
        List.of(Fixtures.reject(null, "2024-05-01"), Fixtures.reject("r9", "2024-05-02")),
        CompressionCodecName.SNAPPY);
    String staging = layout.stagingDir("job-a");
    String runs = "read_parquet('" + staging
        + "workflow_runs/*/*.parquet', hive_partitioning=true)";

    assertThat(Path.of(staging, "workflow_type_stats", "2024-05-01.parquet")).exists();
    assertThat(Path.of(staging, "rejects", "2024-05-02.parquet")).exists();
    try (Stream<Path> parts = Files.list(Path.of(staging, "workflow_runs",
        "created_date=2024-05-01"))) {
      assertThat(parts.map(f -> f.getFileName().toString()))
          .allMatch(n -> n.matches("part-job-a-\\d{5}-of-\\d{5}\\.parquet"));
    }
    assertThat(columnTypes(runs)).containsAllEntriesOf(Map.ofEntries(
        Map.entry("run_id", "VARCHAR"), Map.entry("tenant", "VARCHAR"),
        Map.entry("is_terminal", "BOOLEAN"),
        Map.entry("created_at", "TIMESTAMP WITH TIME ZONE"),
        Map.entry("ended_at", "TIMESTAMP WITH TIME ZONE"), Map.entry("duration_ms", "BIGINT"),
        Map.entry("created_date", "DATE"), Map.entry("error_data", "VARCHAR"),
        Map.entry("raw_json", "VARCHAR")));
    assertThat(columnTypes(runs)).hasSize(19);
    List<Map<String, Object>> rows = query("SELECT run_id, tenant, state, state_raw, is_terminal,"
        + " epoch_us(created_at) AS created_us, epoch_us(ended_at) AS ended_us, duration_ms,"
        + " created_date::VARCHAR AS day, principal_email, error_data, raw_json FROM " + runs
        + " ORDER BY run_id");
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0)).containsEntry("tenant", "acme").containsEntry("is_terminal", true)
        .containsEntry("created_us", MAY_1_10H_MICROS)
        .containsEntry("ended_us", MAY_1_10H_MICROS + 90_000_000L)
        .containsEntry("duration_ms", 90_000L).containsEntry("day", "2024-05-01")
        .containsEntry("principal_email", "ada@example.com")
        .containsEntry("error_data", "{\"col\":\"x\"}")
        .containsEntry("raw_json", "{\"id\":\"r1\"}");
    assertThat(rows.get(1)).containsEntry("tenant", null).containsEntry("state_raw", null)
        .containsEntry("is_terminal", false).containsEntry("ended_us", null)
        .containsEntry("duration_ms", null).containsEntry("error_data", null)
        .containsEntry("state", "IN_PROGRESS");
    assertThat(rows.get(2)).containsEntry("day", "2024-05-02");

    String stats = "read_parquet('" + staging + "workflow_type_stats/*.parquet')";
    assertThat(columnTypes(stats)).containsAllEntriesOf(Map.of("created_date", "DATE",
        "runs", "BIGINT", "open_runs", "BIGINT", "failure_rate", "DOUBLE",
        "duration_ms_mean", "DOUBLE", "duration_ms_p99", "BIGINT", "duration_ms_max", "BIGINT",
        "tenant", "VARCHAR"))
        .hasSize(19);
    List<Map<String, Object>> statRows = query("SELECT type, created_date::VARCHAR AS day, runs,"
        + " failure_rate, duration_ms_mean, duration_ms_p95, duration_ms_max FROM " + stats
        + " ORDER BY type");
    assertThat(statRows.get(0)).containsEntry("type", "export").containsEntry("runs", 1L)
        .containsEntry("failure_rate", null).containsEntry("duration_ms_mean", null)
        .containsEntry("duration_ms_max", null);
    assertThat(statRows.get(1)).containsEntry("day", "2024-05-01")
        .containsEntry("failure_rate", 2.0 / 9).containsEntry("duration_ms_mean", 250.5)
        .containsEntry("duration_ms_p95", 450L).containsEntry("duration_ms_max", 500L);

    String rejects = "read_parquet('" + staging + "rejects/*.parquet')";
    assertThat(columnTypes(rejects)).containsExactly(Map.entry("run_id", "VARCHAR"),
        Map.entry("reason", "VARCHAR"), Map.entry("raw_json", "VARCHAR"),
        Map.entry("created_date", "DATE"), Map.entry("tenant", "VARCHAR"));
    assertThat(query("SELECT run_id, reason, created_date::VARCHAR AS day FROM " + rejects
        + " ORDER BY day"))
        .extracting(r -> r.get("run_id") + " " + r.get("reason") + " " + r.get("day"))
        .containsExactly("null missing id 2024-05-01", "r9 missing id 2024-05-02");
    assertThat(query("SELECT DISTINCT compression FROM parquet_metadata('" + staging
        + "workflow_runs/*/*.parquet')")).containsExactly(Map.of("compression", "SNAPPY"));
  }

  @Test
  void pipeline_publishesAndASecondJobReplacesItsDaysOnly() throws Exception {
    OutputLayout layout = OutputLayout.of(temp.resolve("out").toString());
    LocalDate may1 = LocalDate.parse("2024-05-01");
    run(layout, "job-a", may1, LocalDate.parse("2024-05-06"),
        List.of(Fixtures.fullRun("a1", "2024-05-01", MAY_1_10H_MICROS),
            Fixtures.fullRun("a2", "2024-05-02", MAY_1_10H_MICROS + DAY_MICROS),
            Fixtures.sparseRun("a5", "2024-05-05", MAY_1_10H_MICROS + 4 * DAY_MICROS)),
        List.of(Fixtures.fullStats("2024-05-01", "ingest"),
            Fixtures.fullStats("2024-05-02", "ingest"),
            Fixtures.fullStats("2024-05-05", "ingest")),
        List.of(Fixtures.reject(null, "2024-05-02")),
        CompressionCodecName.ZSTD);

    run(layout, "job-b", may1, LocalDate.parse("2024-05-03"),
        List.of(Fixtures.sparseRun("b1", "2024-05-01", MAY_1_10H_MICROS),
            Fixtures.sparseRun("b2", "2024-05-01", MAY_1_10H_MICROS + 5)),
        List.of(Fixtures.emptyStats("2024-05-01", "ingest")),
        List.of(),
        CompressionCodecName.SNAPPY);

    String root = layout.root() + "/";
    assertThat(query("SELECT created_date::VARCHAR AS day, run_id FROM read_parquet('" + root
        + "workflow_runs/*/*.parquet', hive_partitioning=true) ORDER BY day, run_id"))
        .containsExactly(Map.of("day", "2024-05-01", "run_id", "b1"),
            Map.of("day", "2024-05-01", "run_id", "b2"),
            Map.of("day", "2024-05-05", "run_id", "a5"));
    assertThat(query("SELECT created_date::VARCHAR AS day, runs FROM read_parquet('" + root
        + "workflow_type_stats/*.parquet') ORDER BY day"))
        .containsExactly(Map.of("day", "2024-05-01", "runs", 1L),
            Map.of("day", "2024-05-05", "runs", 10L));
    assertThat(Path.of(layout.rejectsDir())).isEmptyDirectory();
    try (Stream<Path> all = Files.walk(Path.of(layout.root()))) {
      assertThat(all.map(p -> Path.of(layout.root()).relativize(p).toString())
          .filter(p -> !p.isEmpty()).sorted().collect(Collectors.toList()))
          .noneMatch(p -> p.contains(".temp-beam") || p.startsWith("_"))
          .contains("workflow_runs/created_date=2024-05-05")
          .doesNotContain("workflow_runs/created_date=2024-05-02");
    }

    // A job that finds nothing still replaces its days: May 5 becomes empty.
    run(layout, "job-c", LocalDate.parse("2024-05-05"), LocalDate.parse("2024-05-06"),
        List.of(), List.of(), List.of(), CompressionCodecName.SNAPPY);

    assertThat(Path.of(layout.runsPartition(LocalDate.parse("2024-05-05")))).doesNotExist();
    assertThat(Path.of(layout.statsFile(LocalDate.parse("2024-05-05")))).doesNotExist();
    assertThat(Path.of(layout.statsFile(may1))).exists();
  }

  @Test
  void pipeline_namesEveryWriteAndPublishStep() {
    OutputLayout layout = OutputLayout.of(temp.toString());
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollectionTuple tables = PCollectionTuple
        .of(WriteTables.RUNS, p.apply("Runs", Create.empty(TypeDescriptor.of(WorkflowRun.class))))
        .and(WriteTables.STATS, p.apply("Stats", Create.empty(TypeDescriptor.of(TypeStats.class))))
        .and(WriteTables.REJECTS,
            p.apply("Rejects", Create.empty(TypeDescriptor.of(Reject.class))));
    tables.apply("WriteTables", WriteTables.to(layout, "job-a"))
        .apply("PublishOutput", PublishOutput.to(layout, "job-a")
            .forDays(LocalDate.parse("2024-05-01"), LocalDate.parse("2024-05-02")));
    java.util.Set<String> names = new java.util.HashSet<>();
    p.traverseTopologically(new Pipeline.PipelineVisitor.Defaults() {
      @Override
      public CompositeBehavior enterCompositeTransform(
          org.apache.beam.sdk.runners.TransformHierarchy.Node node) {
        names.add(node.getFullName());
        return CompositeBehavior.ENTER_TRANSFORM;
      }
    });

    assertThat(names).contains("WriteTables/WriteRunsParquet", "WriteTables/WriteStatsParquet",
        "WriteTables/WriteRejectsParquet", "PublishOutput", "PublishOutput/CollectStagedFiles");
  }

  @Test
  void codecOutsideTheSupportedSet_isRefused() {
    assertThatThrownBy(() -> WriteTables.to(OutputLayout.of("/o"), "job-a")
        .withCodec(CompressionCodecName.LZO)).hasMessageContaining("not supported");
    assertThatThrownBy(() -> PublishOutput.to(OutputLayout.of("/o"), "job-a")
        .forDays(LocalDate.parse("2024-05-02"), LocalDate.parse("2024-05-01")))
        .hasMessageContaining("fromDay <= toDay");
  }

  @Test
  void statsWithoutADay_failTheWriteWithAClearMessage() {
    OutputLayout layout = OutputLayout.of(temp.toString());
    TypeStats summary = new TypeStats(null, "ingest", 1, 1, 0, 0, 0, 0, 0.0, 0, 0, null, null,
        null, null, null, null, null);

    assertThatThrownBy(() -> run(layout, "job-a", null, null, List.of(), List.of(summary),
        List.of(), CompressionCodecName.SNAPPY))
        .hasStackTraceContaining("TypeStats of type ingest has no created_date");
  }
}
