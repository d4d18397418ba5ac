package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.simulator.ApiSimulator;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replaying history: a week followed from its start with {@code --stopAt} writes exactly the runs
 * that finished in that week, once each, and hourly statistics equal to an independent
 * computation; the job stops by itself with exit 0.
 */
@Timeout(400)
class StreamReplayTest {
  @TempDir Path tmp;

  @Test
  void replayOfAWeek_writesExactlyTheRunsThatFinishedInItAndHourlyStats() {
    // Arrange: two weeks of ~2,000 runs, malformed records; the clock stands after them
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(2000).badRecordRate(0.01).build())) {
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      Path out = tmp.resolve("out");
      Instant from = Instant.parse("2024-01-03T00:00:00Z");
      Instant to = Instant.parse("2024-01-10T00:00:00Z");
      StreamTruth truth = StreamTruth.of(sim.tenant(), from, to, 3_600_000);

      // Act
      JobRun job = JobRun.launch(StreamJob.args(sim, token, out, from, to, "PT1H"));

      // Assert
      assertThat(job.exitCode).as(job.toString()).isZero();
      assertThat(truth.runs).hasSizeGreaterThan(500);
      assertThat(truth.rejects).isNotEmpty();
      StreamJob.outputEqualsTruth(out, truth);
      assertThat(job.out.lines().filter(l -> l.startsWith("window ")).count()).isEqualTo(7 * 24);
      assertThat(job.out).contains("168 windows closed up to 2024-01-10T00:00:00Z");
    }
  }

  @Test
  void replay_startsAtTheWindowHoldingFollowFromAndRecordsEveryWindowRead() throws Exception {
    // Arrange
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(300).build())) {
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      Path out = tmp.resolve("out");

      // Act: 10:17 is rounded down to the 6-hour window starting 06:00
      JobRun job = JobRun.launch(StreamJob.args(sim, token, out,
          Instant.parse("2024-01-05T10:17:00Z"), Instant.parse("2024-01-06T00:00:00Z"), "PT6H"));

      // Assert
      assertThat(job.exitCode).as(job.toString()).isZero();
      assertThat(job.out).contains("rounded down to 2024-01-05T06:00:00Z");
      StreamJob.outputEqualsTruth(out, StreamTruth.of(sim.tenant(),
          Instant.parse("2024-01-05T06:00:00Z"), Instant.parse("2024-01-06T00:00:00Z"), 21_600_000));
      var windows = com.amperityworkflowruns.sink.StreamProgress.closedWindows(
          com.amperityworkflowruns.publish.OutputLayout.of(out.toString(), "acme-demo"));
      assertThat(windows).extracting(w -> Instant.ofEpochMilli(w.windowStart).toString())
          .containsExactly("2024-01-05T06:00:00Z", "2024-01-05T12:00:00Z", "2024-01-05T18:00:00Z");
      assertThat(windows).allSatisfy(w -> assertThat(w.polls).isPositive());
    }
  }
}
