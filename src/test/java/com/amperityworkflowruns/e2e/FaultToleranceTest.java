package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.simulator.ApiSimulator;
import com.amperityworkflowruns.simulator.SimulatorConfig;
import com.amperityworkflowruns.simulator.SimulatorStats;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every fault the API documents (5xx, dropped connections, 429, slow answers, expiring tokens,
 * repeated records, refused {@code next_token}) is survived: the output still equals the truth
 * exactly, with no duplicate. Each test also checks that the simulator really injected its fault,
 * so that a quiet simulator cannot make it pass.
 */
@Timeout(240)
class FaultToleranceTest {
  @TempDir Path tmp;

  /** What one faulty job left: its run, the truth and the simulator's counters. */
  private record Outcome(JobRun job, Truth truth, SimulatorStats stats, Path out) {}

  private Outcome runAgainst(SimulatorConfig config, Function<List<String>, List<String>> tweak) {
    try (ApiSimulator sim = ApiSimulator.start(config)) {
      Path out = tmp.resolve("out");
      List<String> args;
      if (config.staticToken() != null) {
        args = SimJob.args(sim, SimJob.secretFile(tmp, "token", config.staticToken()), out);
      } else {
        Path secret = SimJob.secretFile(tmp, "client-secret", config.clientSecret());
        args = SimJob.without(SimJob.args(sim, secret, out), "tokenFile");
        args.add("--clientId=" + config.clientId());
        args.add("--clientSecretFile=" + secret);
      }
      JobRun job = JobRun.launch(tweak.apply(args));
      return new Outcome(job, Truth.of(sim.tenant(), SimJob.FROM, SimJob.TO), sim.stats(), out);
    }
  }

  private static void assertDoneAndEqualsTruth(Outcome o) {
    assertThat(o.job().exitCode).as(o.job() + "\n" + o.stats()).isZero();
    OutputAssert.outputEqualsTruth(o.out(), o.truth());
  }

  @Test
  void givenFivePercentServerErrorsAndTwoPercentDroppedConnections_outputEqualsTruth() {
    // Arrange: ~75 requests, so the deterministic fault draws hit several of them.
    SimulatorConfig config =
        SimJob.tenant(1500).serverErrorRate(0.05).dropRate(0.02).build();

    // Act
    Outcome o = runAgainst(config, a -> SimJob.with(a, "--pageSize=20"));

    // Assert
    assertThat(o.stats().serverErrors5xx() + o.stats().dropped()).as(o.stats().toString())
        .isPositive();
    assertDoneAndEqualsTruth(o);
  }

  @Test
  void givenSimulatorLimitBelowJobRate_429sAreRetriedAndOutputEqualsTruth() {
    // Arrange: the API admits 3 requests/s, the job sends up to 10/s.
    SimulatorConfig config = SimJob.tenant(700).rateLimitPerSecond(3).build();

    // Act
    Outcome o = runAgainst(config, a -> SimJob.with(a, "--rateLimit=10"));

    // Assert
    assertThat(o.stats().tooMany429()).as(o.stats().toString()).isPositive();
    assertDoneAndEqualsTruth(o);
  }

  @Test
  void givenFivePercentOfPagesRepeatingPreviousLastRun_outputEqualsTruthWithoutDuplicates() {
    // Arrange
    SimulatorConfig config = SimJob.tenant(1500).repeatRunRate(0.05).build();

    // Act
    Outcome o = runAgainst(config, a -> SimJob.with(a, "--pageSize=20"));

    // Assert
    assertThat(o.stats().repeatedPages()).as(o.stats().toString()).isPositive();
    assertThat(o.job().duplicatesRemoved()).as(o.job().out).isPositive();
    assertDoneAndEqualsTruth(o);
  }

  @Test
  void givenEveryPageRepeatingPreviousLastRun_duplicatesAreRemovedAndOutputEqualsTruth() {
    // Arrange
    SimulatorConfig config = SimJob.tenant(800).repeatRunRate(1.0).build();

    // Act
    Outcome o = runAgainst(config, a -> SimJob.with(a, "--pageSize=20"));

    // Assert
    assertThat(o.stats().repeatedPages()).as(o.stats().toString()).isPositive();
    assertThat(o.job().duplicatesRemoved()).as(o.job().out).isPositive();
    assertThat(o.job().exitCode).as(o.job() + "\n" + o.stats()).isZero();
    OutputTables tables = new OutputTables(o.out());
    OutputAssert.runsEqualTruth(tables.runs(), o.truth());
    OutputAssert.rejectsEqualTruth(tables.rejects(), o.truth());
    OutputAssert.statsEqualTruth(tables.stats(), o.truth());
  }

  @Test
  void givenAnswersTakingOneToThreeSeconds_outputEqualsTruth() {
    // Arrange: ~20 pages; one-day shards so that chains run side by side.
    SimulatorConfig config = SimJob.tenant(400).latencyMillis(1000, 3000).build();

    // Act
    Outcome o =
        runAgainst(config, a -> SimJob.with(SimJob.with(a, "--pageSize=30"), "--shardDuration=P1D"));

    // Assert
    assertThat(o.stats().ok200()).as(o.stats().toString()).isGreaterThanOrEqualTo(14);
    assertDoneAndEqualsTruth(o);
  }

  @Test
  void givenOAuthTokensExpiringEveryTwoSeconds_tokensAreRefreshedAndOutputEqualsTruth() {
    // Arrange: OAuth only; the job lasts several token lifetimes (rate 4/s, ~25 requests).
    SimulatorConfig config =
        SimJob.tenant(400).staticToken(null).tokenTtlSeconds(2).latencyMillis(20, 60).build();

    // Act
    Outcome o =
        runAgainst(config, a -> SimJob.with(SimJob.with(a, "--pageSize=20"), "--rateLimit=4"));

    // Assert
    assertThat(o.stats().tokenRequests()).as(o.stats().toString()).isGreaterThanOrEqualTo(3);
    assertDoneAndEqualsTruth(o);
  }

  @Test
  void givenNextTokenRefusedMidShard_shardRestartsAndOutputEqualsTruth() {
    // Arrange: 5% of follow-up requests get 400 "invalid next_token"; short chains (at most 3
    // pages, 10 runs each) so that a shard's restart budget is not the subject; ~150 requests.
    SimulatorConfig config = SimJob.tenant(1500).refuseTokenRate(0.05).build();

    // Act
    Outcome o =
        runAgainst(
            config,
            a -> SimJob.with(SimJob.with(a, "--pageSize=10"), "--maxChainPages=3"));

    // Assert
    assertThat(o.stats().refusedTokens()).as(o.stats().toString()).isPositive();
    assertThat(o.job().exitCode).as(o.job() + "\n" + o.stats()).isZero();
    OutputTables tables = new OutputTables(o.out());
    OutputAssert.runsEqualTruth(tables.runs(), o.truth());
    OutputAssert.rejectsEqualTruth(tables.rejects(), o.truth());
    OutputAssert.statsEqualTruth(tables.stats(), o.truth());
  }
}
