package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.bigquery.DatasetRef;
import com.amperityworkflowruns.bigquery.FakeBigQuery;
import com.amperityworkflowruns.simulator.ApiSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A BigQuery job leaves no working files behind once its tables are published: its resume spool
 * is deleted, and only the newest {@code --keepReports} summaries stay (the Parquet path did this
 * already; a nightly on Dataflow left a spool folder and a summary for ever).
 */
@Timeout(300)
class BigQueryWorkingFilesTest {
  private static final DatasetRef DATASET = DatasetRef.parse("test-project:amperity_runs");
  @TempDir Path tmp;

  @Test
  void givenOlderSummaries_aPublishedBigQueryJobDeletesItsSpoolAndAllButTheNewestSummaries()
      throws Exception {
    FakeBigQuery.reset(DATASET);
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(300).build())) {
      // Arrange: the job's working folder (the default under --tempLocation) holds three older
      // jobs' summaries
      Path work = tmp.resolve("temp/amperity-workflow-runs/test-project_amperity_runs");
      for (int day = 1; day <= 3; day++) {
        Path summary = work.resolve("_reports/job-2024010" + day + "-000000-aaaa/summary.jsonl");
        Files.createDirectories(summary.getParent());
        Files.writeString(summary, "{}\n");
      }
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      List<String> args = SimJob.without(SimJob.args(sim, token, tmp.resolve("unused")), "output");
      args.addAll(List.of("--format=bigquery", "--bigqueryDataset=" + DATASET,
          "--tempLocation=" + tmp.resolve("temp"), "--keepReports=2"));

      // Act
      JobRun job = JobRun.launch(Map.of(), args, FakeBigQuery.backend());

      // Assert: published, the spool gone, this job's summary (printed and deleted by the
      // launcher) and the newest older one kept
      assertThat(job.exitCode).as(job.toString()).isZero();
      assertThat(FakeBigQuery.rows(DATASET, "workflow_runs")).isNotEmpty();
      assertThat(work.resolve("_tenants/" + sim.config().tenant() + "/_resume")).doesNotExist();
      try (Stream<Path> reports = Files.list(work.resolve("_reports"))) {
        assertThat(reports.map(p -> p.getFileName().toString()))
            .containsExactly("job-20240103-000000-aaaa");
      }
    }
  }
}
