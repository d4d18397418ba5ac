package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.bigquery.BigQueryBackend;
import com.amperityworkflowruns.gcp.SecretManagerStore;
import com.amperityworkflowruns.simulator.ApiSimulator;
import com.amperityworkflowruns.simulator.OverLimit;
import com.amperityworkflowruns.simulator.SimulatorConfig;
import com.amperityworkflowruns.publish.PublishHook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --pageSize=auto}, the default: the launcher finds the largest page the API accepts before
 * the job, every shard reads with it, and the output is exact whether the API refuses larger pages
 * with a 400 or caps them silently.
 */
@Timeout(240)
class AutoPageSizeTest {
  @TempDir Path tmp;

  /** About 6,000 runs over two weeks (busy days above 500), accepting pages of up to 500 runs. */
  private static SimulatorConfig.Builder tenant(OverLimit over) {
    return SimJob.tenant(6_000).maxPageSize(500).overLimit(over);
  }

  /** The job's command line with no --pageSize: the default. */
  private List<String> args(ApiSimulator sim, Path out) {
    Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
    return SimJob.without(SimJob.args(sim, token, out), "pageSize");
  }

  @Test
  void givenApiRefusingPagesAbove500_whenJobRunsWithTheDefault_thenReadsAt500AndOutputIsExact() {
    // Arrange
    try (ApiSimulator sim = ApiSimulator.start(tenant(OverLimit.REFUSE).build())) {
      Path out = tmp.resolve("out");
      Truth truth = Truth.of(sim.tenant(), SimJob.FROM, SimJob.TO);

      // Act
      JobRun job = JobRun.launch(args(sim, out));

      // Assert
      assertThat(job.exitCode).as(job.toString()).isZero();
      assertThat(job.out).contains("page size: 500, the largest the API accepts (1000 refused;"
          + " 2 requests), found by --pageSize=auto");
      assertThat(job.out).containsPattern("done in .* shards resumed, page size 500\\R");
      assertThat(sim.stats().clientErrors4xx()).as("only the probe of 1000 was refused")
          .isEqualTo(1);
      OutputAssert.outputEqualsTruth(out, truth);
    }
  }

  @Test
  void givenAnAttemptThatFailedAfterItsRead_whenResumed_thenReusesItsPageSizeWithoutProbing()
      throws Exception {
    // Arrange: an attempt that decides 500, reads everything, then fails before publishing
    try (ApiSimulator sim = ApiSimulator.start(tenant(OverLimit.REFUSE).build())) {
      Path out = tmp.resolve("out");
      Truth truth = Truth.of(sim.tenant(), SimJob.FROM, SimJob.TO);
      PublishHook failing = new PublishHook() {
        @Override
        public void beforeLease(String jobId) {
          throw new IllegalStateException("the attempt dies before publishing");
        }
      };
      JobRun failed = JobRun.launch(Map.of(), args(sim, out), SecretManagerStore.factory(),
          BigQueryBackend.google(), failing);
      assertThat(failed.exitCode).as(failed.toString()).isEqualTo(1);
      assertThat(failed.out).contains("page size: 500, the largest the API accepts");
      List<Path> notes;
      try (Stream<Path> files = Files.walk(out)) {
        notes = files.filter(f -> f.getFileName().toString().equals("page-size.json")).toList();
      }
      assertThat(notes).as("the spool keeps the decided size").singleElement();
      assertThat(Files.readString(notes.get(0))).contains("500");
      sim.resetStats();

      // Act
      JobRun resumed = JobRun.launch(SimJob.with(args(sim, out), "--resume=true"));

      // Assert
      assertThat(resumed.exitCode).as(resumed.toString()).isZero();
      assertThat(resumed.out).contains("page size: 500, as the interrupted attempt found it"
          + " (--pageSize=auto, kept for --resume; no request)");
      assertThat(resumed.out).containsPattern("page size 500\\R");
      assertThat(sim.stats().clientErrors4xx()).as("no probe of 1000 again").isZero();
      OutputAssert.outputEqualsTruth(out, truth);
    }
  }

  @Test
  void givenApiCappingPagesAt500Silently_whenJobRunsWithTheDefault_thenReadsAt500AndOutputIsExact() {
    // Arrange
    try (ApiSimulator sim = ApiSimulator.start(tenant(OverLimit.CAP).build())) {
      Path out = tmp.resolve("out");
      Truth truth = Truth.of(sim.tenant(), SimJob.FROM, SimJob.TO);

      // Act
      JobRun job = JobRun.launch(args(sim, out));

      // Assert
      assertThat(job.exitCode).as(job.toString()).isZero();
      assertThat(job.out).contains("page size: 500, the most the API serves a page (it caps larger"
          + " requests silently) (1 request)");
      assertThat(job.out).containsPattern("page size 500\\R");
      assertThat(sim.stats().clientErrors4xx()).isZero();
      OutputAssert.outputEqualsTruth(out, truth);
    }
  }

  @Test
  void givenApiCappingSilently_whenJobReadsWithAFixedLargerSize_thenOutputIsStillExact() {
    // Arrange: the shards ask for 1000 and get 500-run pages with a next_token
    try (ApiSimulator sim = ApiSimulator.start(tenant(OverLimit.CAP).build())) {
      Path out = tmp.resolve("out");
      Truth truth = Truth.of(sim.tenant(), SimJob.FROM, SimJob.TO);

      // Act
      JobRun job = JobRun.launch(SimJob.with(args(sim, out), "--pageSize=1000"));

      // Assert
      assertThat(job.exitCode).as(job.toString()).isZero();
      assertThat(job.out).contains("page size: 1000 (--pageSize)");
      OutputAssert.outputEqualsTruth(out, truth);
    }
  }

  @Test
  void givenFixedPageSizeTheApiRefuses_whenJobRuns_thenFailsWithTheClearLineAndPublishesNothing() {
    // Arrange
    try (ApiSimulator sim = ApiSimulator.start(tenant(OverLimit.REFUSE).build())) {
      Path out = tmp.resolve("out");

      // Act
      JobRun job = JobRun.launch(SimJob.with(args(sim, out), "--pageSize=1000"));

      // Assert
      assertThat(job.exitCode).as(job.toString()).isEqualTo(1);
      assertThat(job.errLines()).singleElement().asString()
          .contains("HTTP 400", "limit", "--pageSize is not accepted by the API");
      assertThat(out.resolve("workflow_runs")).doesNotExist();
    }
  }

  @Test
  void givenMaxPageSize_whenJobRunsWithAuto_thenTheFirstRequestAsksForIt() {
    // Arrange
    try (ApiSimulator sim = ApiSimulator.start(tenant(OverLimit.REFUSE).build())) {
      Path out = tmp.resolve("out");

      // Act
      JobRun job = JobRun.launch(SimJob.with(SimJob.with(args(sim, out), "--maxPageSize=250"),
          "--dryRun=true"));

      // Assert
      assertThat(job.exitCode).as(job.toString()).isZero();
      assertThat(job.out).contains("page size: 250, the largest tried (1 request)");
      assertThat(sim.stats().clientErrors4xx()).isZero();
    }
  }

  @Test
  void givenDryRunWithAuto_whenRun_thenEstimatesAtTheAcceptedSizeAndWritesNothing()
      throws Exception {
    // Arrange
    try (ApiSimulator sim = ApiSimulator.start(tenant(OverLimit.REFUSE).build())) {
      Path out = tmp.resolve("out");

      // Act
      JobRun job = JobRun.launch(SimJob.with(args(sim, out), "--dryRun=true"));

      // Assert
      assertThat(job.exitCode).as(job.toString()).isZero();
      assertThat(job.out).contains("page size: 500, the largest the API accepts")
          .containsPattern("estimated requests: about [\\d,]+ at page size 500\\R");
      assertThat(sim.stats().requests()).as("two probes and the count").isEqualTo(3);
      assertThat(Files.exists(out) ? Files.list(out).count() : 0L).isZero();
    }
  }

  @Test
  void givenApiRefusingPagesAbove500_whenStreamRunsWithTheDefault_thenFollowsAt500Exactly() {
    // Arrange: a day of runs followed with --stopAt, pages of at most 500
    try (ApiSimulator sim = ApiSimulator.start(tenant(OverLimit.REFUSE).build())) {
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      Path out = tmp.resolve("out");
      Instant from = Instant.parse("2024-01-05T00:00:00Z");
      Instant to = Instant.parse("2024-01-06T00:00:00Z");
      StreamTruth truth = StreamTruth.of(sim.tenant(), from, to, 21_600_000);

      // Act
      JobRun job = JobRun.launch(
          SimJob.without(StreamJob.args(sim, token, out, from, to, "PT6H"), "pageSize"));

      // Assert
      assertThat(job.exitCode).as(job.toString()).isZero();
      assertThat(job.out).contains("page size: 500, the largest the API accepts (1000 refused;");
      assertThat(sim.stats().clientErrors4xx()).isEqualTo(1);
      StreamJob.outputEqualsTruth(out, truth);
    }
  }

  @Test
  void givenBadPageSizeOptions_whenLaunched_thenOneLineNamingTheFixAndNoRequest() {
    try (ApiSimulator sim = ApiSimulator.start(tenant(OverLimit.REFUSE).build())) {
      for (String bad : List.of("--pageSize=automatic", "--pageSize=0", "--maxPageSize=0",
          "--maxPageSize=20000")) {
        // Arrange
        sim.resetStats();
        Path out = tmp.resolve("out-" + bad.hashCode());

        // Act
        JobRun job = JobRun.launch(SimJob.with(args(sim, out), bad));

        // Assert
        job.assertRefusedBeforeReading(sim, out, "output");
        assertThat(job.err).as(bad).contains(bad.substring(0, bad.indexOf('=')));
      }
    }
  }
}
