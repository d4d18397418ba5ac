package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.simulator.ApiSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A published output is never shrunk or doubled by a filtered rerun, an API that answers with
 * empty pages, or an API that reads {@code created_to} inclusively at second precision.
 */
@Timeout(240)
class PublishSafetyTest {
  private static final String TYPE = "amperity.ingest.ingest/run";

  @TempDir Path tmp;

  @Test
  void givenUnfilteredOutput_filteredRerunIsRefusedWithExit2AndOutputUntouched() {
    // Arrange: a full backfill
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(600).build())) {
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      Path out = tmp.resolve("out");
      assertThat(JobRun.launch(SimJob.args(sim, token, out)).exitCode).isZero();
      Map<String, String> before = Snapshot.published(out);
      sim.resetStats();

      // Act
      JobRun failedOnly = JobRun.launch(SimJob.with(SimJob.args(sim, token, out), "--state=failed"));
      JobRun oneType = JobRun.launch(SimJob.with(SimJob.args(sim, token, out), "--type=" + TYPE));

      // Assert
      for (JobRun run : List.of(failedOnly, oneType)) {
        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertThat(run.errLines()).as(run.toString()).hasSize(1);
        assertThat(run.errLines().get(0))
            .startsWith("error: --output=" + out + " (tenant acme-demo) holds runs read with no --state or"
                + " --type")
            .contains("write them to their own output (e.g. --output=" + out + "-");
      }
      assertThat(sim.stats().requests()).as("requests sent by refused jobs").isZero();
      assertThat(Snapshot.published(out)).isEqualTo(before);
      OutputAssert.outputEqualsTruth(out, Truth.of(sim.tenant(), SimJob.FROM, SimJob.TO));
    }
  }

  @Test
  void givenFilteredJobInItsOwnOutput_itHoldsExactlyThatSelectionAndRefusesUnfilteredJobs() {
    // Arrange
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(600).build())) {
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      Path own = tmp.resolve("out-ingest");
      List<String> filtered = SimJob.with(SimJob.args(sim, token, own), "--type=" + TYPE);

      // Act
      JobRun first = JobRun.launch(filtered);
      JobRun again = JobRun.launch(filtered);
      JobRun unfiltered = JobRun.launch(SimJob.args(sim, token, own));

      // Assert
      assertThat(first.exitCode).as(first.toString()).isZero();
      assertThat(again.exitCode).as(again.toString()).isZero();
      OutputAssert.outputEqualsTruth(own,
          Truth.of(sim.tenant(), SimJob.FROM, SimJob.TO).ofType(TYPE));
      assertThat(unfiltered.exitCode).as(unfiltered.toString()).isEqualTo(2);
      assertThat(unfiltered.errLines().get(0)).contains("holds runs read with --type=" + TYPE);
    }
  }

  @Test
  void givenApiAnsweringEmptyPages_rerunIsRefusedWithExit1AndOutputUntouched() {
    // Arrange
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(600).build())) {
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      Path out = tmp.resolve("out");
      List<String> args = SimJob.args(sim, token, out);
      assertThat(JobRun.launch(args).exitCode).isZero();
      Map<String, String> before = Snapshot.published(out);
      Truth truth = Truth.of(sim.tenant(), SimJob.FROM, SimJob.TO);
      sim.setEmptyAnswers(true);

      // Act
      JobRun incident = JobRun.launch(args);

      // Assert
      assertThat(incident.exitCode).as(incident.toString()).isEqualTo(1);
      assertThat(incident.errLines()).as(incident.toString()).hasSize(1);
      long days = truth.runs.values().stream().map(Truth.Run::createdDate)
          .distinct().count();
      assertThat(incident.errLines().get(0))
          .startsWith("error: publish refused: tenant acme-demo: " + days + " day(s) would lose runs ("
              + truth.runs.size() + " -> 0 runs: " + SimJob.FROM + " ")
          .contains("--allowShrink");
      assertThat(Snapshot.published(out)).isEqualTo(before);
      assertThat(out.resolve("_staging")).doesNotExist();
      OutputAssert.outputEqualsTruth(out, truth);
    }
  }

  @Test
  void givenApiAnsweringEmptyPages_allowShrinkEmptiesTheDaysWhenMeant() {
    // Arrange
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(300).build())) {
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      Path out = tmp.resolve("out");
      List<String> args = SimJob.args(sim, token, out);
      assertThat(JobRun.launch(args).exitCode).isZero();
      sim.setEmptyAnswers(true);

      // Act
      JobRun meant = JobRun.launch(SimJob.with(args, "--allowShrink=true"));

      // Assert
      assertThat(meant.exitCode).as(meant.toString()).isZero();
      assertThat(new OutputTables(out).runs()).isEmpty();
    }
  }

  @Test
  void givenApiReadingCreatedToInclusivelyAtSecondsWithMidnightRuns_jobsAreExact() {
    // Arrange: every day starts with a run at 00:00:00.400, including the day after the range;
    // one-day shards and short chains put shard boundaries at midnight and at milliseconds.
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(900)
        .dataTo(SimJob.TO.plusDays(2))
        .createdToInclusiveSeconds(true)
        .midnightRuns(true)
        .build())) {
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      Path out = tmp.resolve("out");
      List<String> args = SimJob.with(SimJob.with(SimJob.args(sim, token, out),
          "--shardDuration=P1D"), "--maxChainPages=2");
      LocalDate midFrom = LocalDate.of(2024, 1, 5);
      LocalDate midTo = LocalDate.of(2024, 1, 8);

      // Act
      JobRun whole = JobRun.launch(args);
      JobRun part = JobRun.launch(SimJob.with(SimJob.with(args, "--createdFrom=" + midFrom),
          "--createdTo=" + midTo));

      // Assert
      assertThat(whole.exitCode).as(whole.toString()).isZero();
      assertThat(whole.duplicatesRemoved()).as("runs emitted twice by adjacent shards").isZero();
      assertThat(whole.out).containsPattern("note: [1-9][0-9,]* runs served outside the shard");
      assertThat(part.exitCode).as(part.toString()).isZero();
      Truth truth = Truth.of(sim.tenant(), SimJob.FROM, SimJob.TO);
      assertThat(truth.runs.values()).anyMatch(r -> r.rawJson().contains("T00:00:00.400Z"));
      OutputAssert.outputEqualsTruth(out, truth);
      assertThat(Files.exists(out.resolve("workflow_runs/created_date=" + SimJob.TO)))
          .as("the day after the range").isFalse();
    }
  }
}
