package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.simulator.ApiSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DryRunTest {
  @TempDir Path dir;

  @Test
  void dryRun_printsThePlanFromOneRequest_exitsZero_andWritesNothing() throws Exception {
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(2_000).build())) {
      Path token = SimJob.secretFile(dir, "token", sim.config().staticToken());
      Path output = dir.resolve("out");

      JobRun run = JobRun.launch(SimJob.with(SimJob.args(sim, token, output), "--dryRun=true"));

      assertThat(run.exitCode).as(run.toString()).isZero();
      assertThat(sim.stats().requests()).isEqualTo(1);
      assertThat(run.out)
          .contains("dry run: nothing is read or written")
          .contains("estimated requests: about ")
          .contains("time at 100.0 requests/s: about ")
          .contains("output days replaced: 2024-01-01 to 2024-01-14 (14 UTC days");
      assertThat(run.out).containsPattern("runs created in \\[2024-01-01, 2024-01-15\\): [\\d,]+");
      try (Stream<Path> files = Files.exists(output) ? Files.walk(output) : Stream.empty()) {
        assertThat(files.filter(Files::isRegularFile)).isEmpty();
      }
    }
  }
}
