package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.simulator.ApiSimulator;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A fault-free backfill writes exactly the simulator's truth: runs, rejects and statistics. */
@Timeout(180)
class CleanBackfillTest {
  @TempDir Path tmp;

  @Test
  void givenCleanApi_outputEqualsTruthAndExitsZero() {
    // Arrange: ~1000 runs over two weeks, malformed records of every kind, open runs.
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(1000).badRecordRate(0.01).build())) {
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      Path out = tmp.resolve("out");
      Truth truth = Truth.of(sim.tenant(), SimJob.FROM, SimJob.TO);

      // Act
      JobRun job = JobRun.launch(SimJob.args(sim, token, out));

      // Assert
      assertThat(job.exitCode).as(job.toString()).isZero();
      assertThat(truth.runs).hasSizeGreaterThan(500);
      assertThat(truth.rejects).extracting(Truth.Reject::reason).hasSizeGreaterThanOrEqualTo(3);
      assertThat(truth.runs.values()).anyMatch(r -> r.endedAtMicros() == null);
      assertThat(truth.runs.values()).anyMatch(r -> r.errorData() != null);
      OutputAssert.outputEqualsTruth(out, truth);
      assertThat(job.out).contains("workflow type");
    }
  }

  @Test
  void givenCleanBackfill_publishLeavesNoStagingJournalOrSummaryOnlyTablesAndReport() {
    // Arrange
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(300).build())) {
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      Path out = tmp.resolve("out");

      // Act
      JobRun job = JobRun.launch(SimJob.args(sim, token, out));

      // Assert
      assertThat(job.exitCode).as(job.toString()).isZero();
      List<String> files = new OutputTables(out).files();
      String tenant = sim.config().tenant();
      String day = "created_date=(\\d{4}-\\d\\d-\\d\\d)";
      assertThat(files).allMatch(
          f -> f.matches("workflow_runs/tenant=" + tenant + "/" + day + "/[^/]+\\.parquet")
              || f.matches("(workflow_type_stats|rejects)/tenant=" + tenant + "/" + day
                  + "/\\2\\.parquet")
              || f.matches("rejects/tenant=" + tenant
                  + "/created_date=__HIVE_DEFAULT_PARTITION__/undated-[0-9a-f]{16}\\.parquet")
              || f.equals("_tenants/" + tenant + "/_refresh.json")
              || f.equals("report-" + tenant + ".html"),
          "only published table files, the tenant's refresh mark and its report");
      assertThat(files).contains("report-" + tenant + ".html", "_tenants/" + tenant + "/_refresh.json");
    }
  }
}
