package com.amperityworkflowruns.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimitTest {
  private ApiSimulator sim;

  @AfterEach
  void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  private List<HttpResponse<String>> fire(SimHttp http, int count) {
    List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      futures.add(http.sendAsync(http.runs("limit=5")));
    }
    List<HttpResponse<String>> out = new ArrayList<>();
    futures.forEach(f -> out.add(f.join()));
    return out;
  }

  private static long count(List<HttpResponse<String>> responses, int status) {
    return responses.stream().filter(r -> r.statusCode() == status).count();
  }

  @Test
  void given30ConcurrentRequestsWithinOneSecond_admitsExactly10() {
    ManualTicker ticker = new ManualTicker();
    sim = ApiSimulator.start(SimulatorConfig.builder().totalRuns(200).build(), ticker);
    SimHttp http = new SimHttp(sim);

    List<HttpResponse<String>> responses = fire(http, 30);

    assertThat(count(responses, 200)).isEqualTo(10);
    assertThat(count(responses, 429)).isEqualTo(20);
    SimulatorStats stats = sim.stats();
    assertThat(stats.requests()).isEqualTo(30);
    assertThat(stats.ok200()).isEqualTo(10);
    assertThat(stats.tooMany429()).isEqualTo(20);
    assertThat(stats.peakAdmittedPerSecond()).isEqualTo(10);
    assertThat(stats.peakRequestsPerSecond()).isEqualTo(30);
    assertThat(stats.maxInFlight()).isBetween(1, 30);
  }

  @Test
  void givenRealClock_concurrentBurstNeverAdmitsMoreThanTheLimitPerSecond() {
    sim = ApiSimulator.start(SimulatorConfig.builder().totalRuns(200).build());
    SimHttp http = new SimHttp(sim);

    fire(http, 30);

    assertThat(sim.stats().peakAdmittedPerSecond()).isEqualTo(10);
    assertThat(sim.stats().ok200()).isBetween(10L, 30L);
  }

  @Test
  void givenWindowPassed_admitsAgainAnd429sDidNotConsumeBudget() {
    ManualTicker ticker = new ManualTicker();
    sim = ApiSimulator.start(SimulatorConfig.builder().totalRuns(200).build(), ticker);
    SimHttp http = new SimHttp(sim);
    fire(http, 25);

    ticker.advanceMillis(999);
    long stillLimited = count(fire(http, 3), 200);
    ticker.advanceMillis(1);
    long admitted = count(fire(http, 12), 200);

    assertThat(stillLimited).isZero();
    assertThat(admitted).isEqualTo(10);
  }

  @Test
  void givenRetryAfterConfigured_429CarriesIt() {
    ManualTicker ticker = new ManualTicker();
    sim = ApiSimulator.start(
        SimulatorConfig.builder().totalRuns(200).rateLimitPerSecond(1).retryAfterSeconds(3).build(),
        ticker);
    SimHttp http = new SimHttp(sim);
    http.get("limit=1");

    HttpResponse<String> r = http.get("limit=1");

    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("Retry-After")).contains("3");
    assertThat(SimHttp.json(r.body()).get("status").asInt()).isEqualTo(429);
  }

  @Test
  void givenDefaultConfig_429CarriesNoRetryAfter() {
    ManualTicker ticker = new ManualTicker();
    sim = ApiSimulator.start(
        SimulatorConfig.builder().totalRuns(200).rateLimitPerSecond(1).build(), ticker);
    SimHttp http = new SimHttp(sim);
    http.get("limit=1");

    HttpResponse<String> r = http.get("limit=1");

    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("Retry-After")).isEmpty();
  }

  @Test
  void givenLimitLoweredAtRuntime_appliesTheNewLimit() {
    ManualTicker ticker = new ManualTicker();
    sim = ApiSimulator.start(SimulatorConfig.builder().totalRuns(200).rateLimitPerSecond(0).build(), ticker);
    SimHttp http = new SimHttp(sim);
    long unlimited = count(fire(http, 20), 200);
    ticker.advanceMillis(1_000);

    sim.setRateLimitPerSecond(4);
    long limited = count(fire(http, 10), 200);

    assertThat(unlimited).isEqualTo(20);
    assertThat(limited).isEqualTo(4);
  }

  @Test
  void givenResetStats_countersStartFromZero() {
    sim = ApiSimulator.start(SimulatorConfig.builder().totalRuns(200).rateLimitPerSecond(0).build());
    SimHttp http = new SimHttp(sim);
    fire(http, 5);

    sim.resetStats();

    SimulatorStats stats = sim.stats();
    assertThat(stats.requests()).isZero();
    assertThat(stats.peakRequestsPerSecond()).isZero();
    assertThat(stats.firstRequestNanos()).isZero();
  }

  @Test
  void arrivalJitter_isOffByDefault_andMustNotBeNegative() {
    org.assertj.core.api.Assertions.assertThat(SimulatorConfig.builder().build().arrivalJitterMillis())
        .isZero();
    org.assertj.core.api.Assertions.assertThat(
            SimulatorConfig.builder().arrivalJitterMillis(60).build().toBuilder().build()
                .arrivalJitterMillis())
        .isEqualTo(60);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> SimulatorConfig.builder().arrivalJitterMillis(-1).build())
        .hasMessageContaining("arrivalJitterMillis must be >= 0");
  }
}
