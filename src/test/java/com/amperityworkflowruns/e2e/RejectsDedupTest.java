package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.simulator.ApiSimulator;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Rejects are deduplicated like runs. */
@Timeout(240)
class RejectsDedupTest {
  @TempDir Path tmp;

  /**
   * A malformed record served twice (a page repeating the previous page's last run, or a shard
   * restarted after a refused {@code next_token}) must be filed once.
   */
  @Test
  void givenMalformedRecordServedTwice_rejectsHoldItOnce() {
    // Arrange: page size 1 and every page repeating the previous one's run, so every record that
    // is not first in its chain is served twice.
    try (ApiSimulator sim =
        ApiSimulator.start(SimJob.tenant(300).repeatRunRate(1.0).badRecordRate(0.02).build())) {
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      Path out = tmp.resolve("out");
      List<String> args =
          SimJob.with(SimJob.with(SimJob.args(sim, token, out), "--pageSize=1"), "--rateLimit=300");
      Truth truth = Truth.of(sim.tenant(), SimJob.FROM, SimJob.TO);

      // Act
      JobRun job = JobRun.launch(args);

      // Assert: malformed records were served, some of them twice, and each is filed once
      assertThat(job.exitCode).as(job.toString()).isZero();
      assertThat(truth.rejects).as("malformed records in the range").isNotEmpty();
      assertThat(sim.stats().malformedServed()).as(sim.stats().toString())
          .isGreaterThan(truth.rejects.size());
      OutputTables tables = new OutputTables(out);
      OutputAssert.runsEqualTruth(tables.runs(), truth);
      OutputAssert.rejectsEqualTruth(tables.rejects(), truth);
    }
  }
}
