package com.amperityworkflowruns.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulator's live mode: with a moving clock, runs appear when they start, are served open
 * until they end, and show in {@code ended_from}/{@code ended_to} queries only a set lag after
 * they ended, while created-range queries show them ended at once.
 */
class LiveModeTest {
  /** A clock the test moves. */
  static final class MovingClock extends Clock {
    volatile Instant now;

    MovingClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private static SimRun aFinishedRun(SyntheticTenant tenant) {
    return tenant.runs().stream()
        .filter(r -> !r.malformed() && r.endedAt() != null && r.createdAt() != null)
        .filter(r -> r.endedAt().isAfter(Instant.parse("2024-02-01T00:00:00Z")))
        .filter(r -> r.endedAt().toEpochMilli() - r.createdAt().toEpochMilli() > 60_000)
        .findFirst()
        .orElseThrow();
  }

  private static boolean served(SimHttp http, String query, String id) {
    List<JsonNode> runs = http.readAll(query);
    return runs.stream().anyMatch(n -> id.equals(n.path("id").asText()));
  }

  @Test
  void endedRun_showsInEndedQueriesOnlyAfterTheLagButInCreatedQueriesAtOnce() {
    SyntheticTenant probe = SyntheticTenant.generate(SimulatorConfig.builder().totalRuns(2_000).build());
    SimRun run = aFinishedRun(probe);
    MovingClock clock = new MovingClock(run.endedAt().plusSeconds(5));
    try (ApiSimulator sim = ApiSimulator.start(SimulatorConfig.builder().totalRuns(2_000)
        .rateLimitPerSecond(0).endedVisibilityLagMillis(10_000).clock(clock).build())) {
      SimHttp http = new SimHttp(sim);
      String ended = "ended_from=" + run.endedAt().minusSeconds(3600) + "&ended_to="
          + run.endedAt().plusSeconds(3600);
      String created = "created_from=" + run.createdAt() + "&created_to="
          + run.createdAt().plusMillis(1);

      boolean inEndedAt5s = served(http, ended, run.id());
      JsonNode asCreated = http.readAll(created).get(0);
      clock.now = run.endedAt().plusSeconds(11);
      boolean inEndedAt11s = served(http, ended, run.id());

      assertThat(inEndedAt5s).isFalse();
      assertThat(asCreated.path("ended_at").isMissingNode() || asCreated.path("ended_at").isNull())
          .as("created query shows the run ended").isFalse();
      assertThat(inEndedAt11s).isTrue();
    }
  }

  @Test
  void asTheClockAdvances_runsAppearWhenTheyStartAndAreOpenUntilTheyEnd() {
    SyntheticTenant probe = SyntheticTenant.generate(SimulatorConfig.builder().totalRuns(2_000).build());
    SimRun run = aFinishedRun(probe);
    MovingClock clock = new MovingClock(run.createdAt().minusSeconds(1));
    try (ApiSimulator sim = ApiSimulator.start(SimulatorConfig.builder().totalRuns(2_000)
        .rateLimitPerSecond(0).clock(clock).build())) {
      SimHttp http = new SimHttp(sim);
      String created = "created_from=" + run.createdAt() + "&created_to="
          + run.createdAt().plusMillis(1);

      List<JsonNode> beforeStart = http.readAll(created);
      clock.now = run.createdAt().plusSeconds(30);
      JsonNode running = http.readAll(created).get(0);
      clock.now = run.endedAt();
      JsonNode finished = http.readAll(created).get(0);

      assertThat(beforeStart).isEmpty();
      assertThat(running.path("ended_at").isMissingNode() || running.path("ended_at").isNull())
          .isTrue();
      assertThat(finished.path("ended_at").isTextual()).isTrue();
      assertThat(finished.path("id").asText()).isEqualTo(run.id());
    }
  }
}
