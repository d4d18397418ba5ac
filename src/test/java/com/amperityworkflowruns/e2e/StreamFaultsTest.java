package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.simulator.ApiSimulator;
import com.amperityworkflowruns.simulator.SimulatorConfig;
import com.amperityworkflowruns.simulator.SimulatorStats;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream under the API's faults writes exactly what a clean one writes: every finished run
 * once, no run lost or doubled, statistics unchanged. Each case also checks the simulator's count
 * of its fault, so that a quiet simulator cannot make it pass.
 */
@Timeout(400)
class StreamFaultsTest {
  private static final Instant FROM = Instant.parse("2024-01-05T00:00:00Z");
  private static final Instant TO = Instant.parse("2024-01-07T00:00:00Z");

  @TempDir Path tmp;

  static Stream<Arguments> faults() {
    return Stream.of(
        fault("5% 500/502/503 and 2% dropped connections",
            c -> c.serverErrorRate(0.05).dropRate(0.02), s -> s.serverErrors5xx() + s.dropped()),
        fault("429s: the API allows 3 requests/s, the job asks for 10",
            c -> c.rateLimitPerSecond(3), SimulatorStats::tooMany429),
        fault("30% of pages repeat the previous page's last run", c -> c.repeatRunRate(0.3),
            SimulatorStats::repeatedPages),
        fault("5% of next_tokens refused", c -> c.refuseTokenRate(0.05),
            SimulatorStats::refusedTokens));
  }

  /** A fault: how to configure it, and the simulator's count of the times it was injected. */
  private static Arguments fault(String name, UnaryOperator<SimulatorConfig.Builder> change,
      ToLongFunction<SimulatorStats> injected) {
    return Arguments.of(name, change, injected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void givenFaults_outputEqualsTruth(String name, UnaryOperator<SimulatorConfig.Builder> fault,
      ToLongFunction<SimulatorStats> injected) {
    try (ApiSimulator sim = ApiSimulator.start(fault.apply(SimJob.tenant(1500)).build())) {
      // Arrange: small pages so that windows span several pages
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      Path out = tmp.resolve("out");
      StreamTruth truth = StreamTruth.of(sim.tenant(), FROM, TO, 21_600_000);

      // Act
      JobRun job = JobRun.launch(SimJob.with(SimJob.with(
          StreamJob.args(sim, token, out, FROM, TO, "PT6H"), "--pageSize=10"), "--rateLimit=10"));

      // Assert
      assertThat(job.exitCode).as(job.toString()).isZero();
      assertThat(injected.applyAsLong(sim.stats())).as("faults injected: " + sim.stats())
          .isPositive();
      assertThat(truth.runs).hasSizeGreaterThan(100);
      StreamJob.outputEqualsTruth(out, truth);
      if (sim.config().repeatRunRate() > 0) {
        assertThat(job.duplicatesRemoved()).isPositive();
      }
    }
  }
}
