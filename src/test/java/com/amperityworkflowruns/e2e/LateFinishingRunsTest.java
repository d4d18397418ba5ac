package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.simulator.ApiSimulator;
import com.amperityworkflowruns.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs that finish days after they start: a backfill, then nightly jobs with a three-day lookback
 * on later days, on a tenant where a tenth of the runs last 2 to 9 days. After each job every
 * run and statistics row of every published day equals what the API serves at that moment,
 * including runs created before the lookback.
 */
@Timeout(300)
class LateFinishingRunsTest {
  private static final Instant BACKFILL_AT = Instant.parse("2024-01-08T02:00:00Z");

  @TempDir Path tmp;

  @Test
  void givenLongRuns_eachNightlyLeavesEveryPublishedDayEqualToTheApiNow() {
    // Arrange: a backfill of [Jan 1, Jan 8) while many long runs are still open
    MutableClock clock = new MutableClock(BACKFILL_AT);
    try (ApiSimulator sim = ApiSimulator.start(
        SimJob.tenant(700).longRunFraction(0.10).clock(clock).build())) {
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      Path out = tmp.resolve("out");
      List<String> backfill = SimJob.args(sim, token, out, SimJob.FROM, LocalDate.of(2024, 1, 8));
      JobRun first = JobRun.launch(backfill, clock);
      assertThat(first.exitCode).as(first.toString()).isZero();
      Truth atBackfill = Truth.of(sim.tenant(), SimJob.FROM, LocalDate.of(2024, 1, 8));
      OutputAssert.outputEqualsTruth(out, atBackfill);
      List<String> nightly = SimJob.with(
          SimJob.without(SimJob.without(backfill, "createdFrom"), "createdTo"),
          "--lookbackDays=3");

      // Act: two nightly jobs, three days apart
      clock.advance(Duration.ofDays(3).plusHours(1)); // Jan 11 03:00: reads [Jan 8, Jan 12)
      JobRun second = JobRun.launch(nightly, clock);
      Truth afterSecond = Truth.of(sim.tenant(), SimJob.FROM, LocalDate.of(2024, 1, 12));
      clock.advance(Duration.ofDays(3)); // Jan 14 03:00: reads [Jan 11, Jan 15)
      JobRun third = JobRun.launch(nightly, clock);
      Truth afterThird = Truth.of(sim.tenant(), SimJob.FROM, SimJob.TO);

      // Assert: the runs that ended after their day was read were there to be refreshed...
      Set<LocalDate> endedSinceBackfill = endedSince(atBackfill, afterSecond);
      assertThat(endedSinceBackfill).as("days before the lookback with runs that ended since")
          .isNotEmpty();
      assertThat(second.exitCode).as(second.toString()).isZero();
      String refreshLine = second.out.lines().filter(l -> l.startsWith("refresh: ")).findFirst()
          .orElseThrow(() -> new AssertionError("no refresh line: " + second));
      assertThat(refreshLine).as("the days refreshed")
          .contains(endedSinceBackfill.stream().map(LocalDate::toString).toList());
      assertThat(third.exitCode).as(third.toString()).isZero();
      // ... and every published day equals the API now, the days before the lookback included
      OutputAssert.outputEqualsTruth(out, afterThird);
    }
  }

  /** The days of runs open in {@code before} and terminal in {@code after}, before Jan 8. */
  private static Set<LocalDate> endedSince(Truth before, Truth after) {
    Map<String, Truth.Run> now = after.runs;
    return before.runs.values().stream()
        .filter(r -> !r.terminal() && now.get(r.id()).terminal())
        .map(r -> LocalDate.parse(r.createdDate()))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
