package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.simulator.ApiSimulator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** When retries run out the job fails with one line naming the shard and the cause, publishing nothing. */
@Timeout(180)
class RetryBudgetTest {
  @TempDir Path tmp;

  @Test
  void givenEveryRequestFailsWith5xxAndOneRetry_exitsOneNamingShardAndCauseAndPublishesNothing() {
    // Arrange
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(300).serverErrorRate(1.0).build())) {
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      Path out = tmp.resolve("out");

      // Act
      JobRun job = JobRun.launch(SimJob.with(SimJob.args(sim, token, out), "--maxRetries=1"));

      // Assert
      assertThat(job.exitCode).as(job.toString()).isEqualTo(1);
      assertThat(job.errLines()).as(job.toString()).hasSize(1);
      assertThat(job.errLines().get(0))
          .startsWith("error:")
          .contains("shard [")
          .containsPattern("HTTP 50[023]");
      assertThat(new OutputTables(out).files())
          .noneMatch(f -> f.startsWith("workflow_runs/") || f.startsWith("workflow_type_stats/")
              || f.startsWith("rejects/"));
    }
  }

  @Test
  void givenEarlierOutputAndEveryRequestFailing_publishedOutputIsUnchanged() {
    // Arrange: a good job publishes, then the API starts failing every request.
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(300).build())) {
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      Path out = tmp.resolve("out");
      List<String> args = SimJob.with(SimJob.args(sim, token, out), "--maxRetries=1");
      assertThat(JobRun.launch(args).exitCode).isZero();
      Map<String, String> before = Snapshot.published(out);
      sim.setServerErrorRate(1.0);

      // Act
      JobRun job = JobRun.launch(args);

      // Assert
      assertThat(job.exitCode).as(job.toString()).isEqualTo(1);
      assertThat(job.errLines()).as(job.toString()).singleElement().asString()
          .startsWith("error:").contains("shard [").containsPattern("HTTP 50[023]");
      assertThat(Snapshot.published(out)).isEqualTo(before);
    }
  }
}
