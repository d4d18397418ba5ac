package com.amperityworkflowruns.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {
  private final List<ApiSimulator> sims = new ArrayList<>();

  @AfterEach
  void stop() {
    sims.forEach(ApiSimulator::close);
  }

  private SimHttp start(SimulatorConfig.Builder config) {
    ApiSimulator sim = ApiSimulator.start(config.totalRuns(500).rateLimitPerSecond(0).build());
    sims.add(sim);
    return new SimHttp(sim);
  }

  private static List<Integer> statuses(SimHttp http, int count) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(http.get("limit=1").statusCode());
    }
    return out;
  }

  @Test
  void givenServerErrorRate_answersRoughlyThatFractionWith500s502sAnd503s() {
    SimHttp http = start(SimulatorConfig.builder().serverErrorRate(0.3));

    List<Integer> statuses = statuses(http, 300);

    long errors = statuses.stream().filter(s -> s >= 500).count();
    assertThat(errors).isBetween(60L, 120L);
    assertThat(new HashSet<>(statuses)).containsExactlyInAnyOrder(200, 500, 502, 503);
    assertThat(sims.get(0).stats().serverErrors5xx()).isEqualTo(errors);
  }

  @Test
  void givenSameSeed_injectsTheSameFaultsInTheSameOrder() {
    SimHttp first = start(SimulatorConfig.builder().serverErrorRate(0.5));
    SimHttp second = start(SimulatorConfig.builder().serverErrorRate(0.5));

    assertThat(statuses(first, 40)).isEqualTo(statuses(second, 40));
  }

  @Test
  void given502_bodyIsAnHtmlPage() {
    SimHttp http = start(SimulatorConfig.builder().serverErrorRate(1.0));

    HttpResponse<String> r = null;
    for (int i = 0; i < 50 && (r == null || r.statusCode() != 502); i++) {
      r = http.get("limit=1");
    }

    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
    assertThat(r.body()).startsWith("<html>");
  }

  @Test
  void givenDropRate_closesRoughlyThatFractionOfConnectionsWithoutAnswer() {
    SimHttp http = start(SimulatorConfig.builder().dropRate(0.25));
    int failures = 0;

    for (int i = 0; i < 200; i++) {
      try {
        http.get("limit=1");
      } catch (UncheckedIOException dropped) {
        failures++;
      }
    }

    SimulatorStats stats = sims.get(0).stats();
    assertThat(failures).isPositive();
    assertThat((double) stats.dropped() / stats.requests()).isBetween(0.15, 0.35);
    assertThat(stats.ok200() + stats.dropped()).isEqualTo(stats.requests());
  }

  @Test
  void givenDropRateSetAtRuntime_dropsEveryRequest() {
    SimHttp http = start(SimulatorConfig.builder());
    sims.get(0).setDropRate(1.0);

    assertThatThrownBy(() -> http.get("limit=1")).isInstanceOf(UncheckedIOException.class);
    assertThat(sims.get(0).stats().ok200()).isZero();
  }

  @Test
  void givenRefuseTokenRate_refusesRoughlyThatFractionOfValidTokens() {
    SimHttp http = start(SimulatorConfig.builder().refuseTokenRate(0.5));
    String token = SimHttp.json(http.get("limit=10").body()).get("next_token").asText();

    int refused = 0;
    for (int i = 0; i < 100; i++) {
      HttpResponse<String> r = http.get("limit=10&next_token=" + SimHttp.encode(token));
      refused += r.statusCode() == 400 && r.body().contains("invalid next_token") ? 1 : 0;
    }

    assertThat(refused).isBetween(30, 70);
  }

  @Test
  void givenRepeatRunRateOne_everyLaterPageStartsWithThePreviousPagesLastRun() {
    SimHttp http = start(SimulatorConfig.builder().repeatRunRate(1.0));
    List<JsonNode> pages = new ArrayList<>();
    String query = "created_from=2024-03-01&limit=50";
    JsonNode page = SimHttp.json(http.get(query).body());
    pages.add(page);
    while (page.hasNonNull("next_token")) {
      page = SimHttp.json(http.get(query + "&next_token="
          + SimHttp.encode(page.get("next_token").asText())).body());
      pages.add(page);
    }

    assertThat(pages.size()).isGreaterThan(2);
    assertThat(pages.get(0).get("data")).hasSize(50);
    Set<JsonNode> distinct = new HashSet<>();
    for (int i = 1; i < pages.size(); i++) {
      JsonNode previous = pages.get(i - 1).get("data");
      assertThat(pages.get(i).get("data").get(0)).isEqualTo(previous.get(previous.size() - 1));
    }
    pages.forEach(p -> p.get("data").forEach(distinct::add));
    int expected = sims.get(0).tenant().visibleRuns(
        java.time.Instant.parse("2024-03-01T00:00:00Z"), null).size();
    assertThat(distinct).hasSize(expected);
  }

  @Test
  void givenNotJsonMode_200BodyIsNotJson() {
    SimHttp http = start(SimulatorConfig.builder().malformed(MalformedMode.NOT_JSON));

    HttpResponse<String> r = http.get("limit=5");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> SimHttp.json(r.body())).isInstanceOf(AssertionError.class);
  }

  @Test
  void givenHtmlPageMode_200BodyIsHtml() {
    SimHttp http = start(SimulatorConfig.builder().malformed(MalformedMode.HTML_PAGE));

    HttpResponse<String> r = http.get("limit=5");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).startsWith("<!DOCTYPE html>");
  }

  @Test
  void givenNoEnvelopeMode_200BodyIsABareRun() {
    SimHttp http = start(SimulatorConfig.builder().malformed(MalformedMode.NO_ENVELOPE));

    JsonNode body = SimHttp.json(http.get("limit=5").body());

    assertThat(body.has("data")).isFalse();
    assertThat(body.has("created_at")).isTrue();
  }

  @Test
  void givenInvalidRuntimeFaults_settersNameTheProblem() {
    start(SimulatorConfig.builder());
    ApiSimulator sim = sims.get(0);

    assertThatThrownBy(() -> sim.setLatencyMillis(5, 1)).hasMessageContaining("latency");
    assertThatThrownBy(() -> sim.setServerErrorRate(1.5)).hasMessageContaining("serverErrorRate");
    assertThatThrownBy(() -> sim.setRateLimitPerSecond(-1)).hasMessageContaining("rateLimitPerSecond");
  }
}
