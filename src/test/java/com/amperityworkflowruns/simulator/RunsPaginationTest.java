package com.amperityworkflowruns.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RunsPaginationTest {
  private static ApiSimulator sim;
  private static SimHttp http;

  @BeforeAll
  static void start() {
    sim = ApiSimulator.start(SimulatorConfig.builder().totalRuns(3_000).rateLimitPerSecond(0).build());
    http = new SimHttp(sim);
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static List<JsonNode> expected(Instant from, Instant to) {
    List<JsonNode> out = new ArrayList<>();
    for (SimRun r : sim.tenant().visibleRuns(from, to)) {
      out.add(SimHttp.json(sim.tenant().jsonAsServed(r)));
    }
    return out;
  }

  @Test
  void givenWindow_pagesCoverEveryVisibleRunExactlyOnce() {
    List<JsonNode> served = http.readAll("created_from=2024-02-01&created_to=2024-03-01&limit=97");

    List<JsonNode> expected = expected(Instant.parse("2024-02-01T00:00:00Z"),
        Instant.parse("2024-03-01T00:00:00Z"));
    assertThat(expected).hasSizeGreaterThan(500);
    assertThat(served).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void givenNoFilter_servesAllRunsNewestFirst() {
    List<JsonNode> served = http.readAll("limit=1000");

    assertThat(served).hasSize(sim.tenant().runs().size());
    List<String> created = served.stream().map(r -> r.get("created_at").asText())
        .filter(s -> !s.equals("not-a-date")).map(s -> Instant.parse(s.replace("+00:00", "Z")).toString())
        .collect(Collectors.toList());
    List<Instant> instants = created.stream().map(Instant::parse).collect(Collectors.toList());
    for (int i = 1; i < instants.size(); i++) {
      assertThat(instants.get(i)).isBeforeOrEqualTo(instants.get(i - 1));
    }
  }

  @Test
  void givenNoLimit_servesPagesOf100() {
    JsonNode page = SimHttp.json(http.get("").body());

    assertThat(page.get("data")).hasSize(RunsQuery.DEFAULT_LIMIT);
    assertThat(page.get("next_token").asText()).isNotEmpty();
    assertThat(page.has("total")).isFalse();
  }

  @Test
  void givenExactlyFullLastPage_omitsNextToken() {
    int count = sim.tenant().visibleRuns(Instant.parse("2024-01-10T00:00:00Z"),
        Instant.parse("2024-01-20T00:00:00Z")).size();

    JsonNode page = SimHttp.json(
        http.get("created_from=2024-01-10&created_to=2024-01-20&limit=" + count).body());

    assertThat(page.get("data")).hasSize(count);
    assertThat(page.has("next_token")).isFalse();
  }

  @Test
  void givenRunAtBoundary_createdFromIsInclusiveAndCreatedToExclusive() {
    SimRun run = sim.tenant().runs().stream()
        .filter(r -> !r.malformed() && r.createdAt().getNano() % 1_000_000 == 0).skip(100)
        .findFirst().orElseThrow();
    String at = SimHttp.encode(run.createdAt().toString());
    String after = SimHttp.encode(run.createdAt().plusMillis(1).toString());

    Set<String> inclusive = ids("created_from=" + at + "&created_to=" + after);
    Set<String> exclusiveTo = ids("created_from=2024-01-01&created_to=" + at);
    Set<String> fromAfter = ids("created_from=" + after);

    assertThat(inclusive).contains(run.id());
    assertThat(exclusiveTo).doesNotContain(run.id());
    assertThat(fromAfter).doesNotContain(run.id());
  }

  @Test
  void givenPartialAndOffsetTimestamps_selectTheSameWindow() {
    int dateOnly = http.readAll("created_from=2024-02-01&created_to=2024-02-08").size();
    int minutes = http.readAll("created_from=2024-02-01T00:00&created_to=2024-02-08T00:00:00").size();
    int offset = http.readAll("created_from=2024-02-01T01:00:00.000%2B01:00&created_to=2024-02-08T00:00:00Z").size();
    int rawPlus = http.readAll("created_from=2024-02-01T01:00:00+01:00&created_to=2024-02-08T00:00:00.000Z").size();

    assertThat(dateOnly).isPositive();
    assertThat(List.of(minutes, offset, rawPlus)).containsOnly(dateOnly);
  }

  @Test
  void givenUnparseableTimestamp_returns400NamingTheParameter() {
    HttpResponse<String> r = http.get("created_to=yesterday");

    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode body = SimHttp.json(r.body());
    assertThat(body.get("status").asInt()).isEqualTo(400);
    assertThat(body.get("message").asText()).contains("created_to");
    assertThat(body.get("request_id").asText()).startsWith("req-");
  }

  @Test
  void givenLimitOutOfRangeOrNotInteger_returns400NamingLimit() {
    for (String limit : List.of("1001", "0", "-5", "abc", "10.5", "")) {
      HttpResponse<String> r = http.get("limit=" + limit);

      assertThat(r.statusCode()).as("limit=%s", limit).isEqualTo(400);
      assertThat(SimHttp.json(r.body()).get("message").asText()).contains("limit");
    }
  }

  @Test
  void givenEmptyOrGarbageNextToken_returns400InvalidNextToken() {
    for (String token : List.of("", "garbage", "djEuYWJjLjEwLnh5eg")) {
      HttpResponse<String> r = http.get("limit=10&next_token=" + token);

      assertThat(r.statusCode()).as("next_token=%s", token).isEqualTo(400);
      assertThat(SimHttp.json(r.body()).get("message").asText()).isEqualTo("invalid next_token");
    }
  }

  @Test
  void givenTokenFromAnotherFilter_returns400InvalidNextToken() {
    String token = SimHttp.json(http.get("created_from=2024-02-01&limit=10").body())
        .get("next_token").asText();

    HttpResponse<String> r =
        http.get("created_from=2024-02-02&limit=10&next_token=" + SimHttp.encode(token));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("invalid next_token");
  }

  @Test
  void givenWithTotal_addsTotalOfTheWholeSelection() {
    JsonNode page = SimHttp.json(
        http.get("created_from=2024-03-01&created_to=2024-03-15&limit=5&with_total=true").body());

    int expected = sim.tenant().visibleRuns(Instant.parse("2024-03-01T00:00:00Z"),
        Instant.parse("2024-03-15T00:00:00Z")).size();
    assertThat(page.get("total").asInt()).isEqualTo(expected);
  }

  @Test
  void givenStateFilter_matchesSpellingsInsensitively() {
    Set<String> succeeded = states("state=SUCCEEDED");
    Set<String> inProgress = states("state=in%20progress");

    assertThat(succeeded).containsExactlyInAnyOrder("Succeeded", "succeeded", "SUCCEEDED");
    assertThat(inProgress).containsExactlyInAnyOrder("In progress", "in-progress");
  }

  @Test
  void givenTypeFilter_servesOnlyThatType() {
    String type = "amperity.privacy.ccpa-delete/run";
    List<JsonNode> runs = http.readAll("type=" + SimHttp.encode(type) + "&limit=1000");

    long expected = sim.tenant().runs().stream().filter(r -> r.type().equals(type)).count();
    assertThat(runs).hasSize((int) expected).allMatch(r -> r.get("type").asText().equals(type));
  }

  @Test
  void givenEndedWindow_servesOnlyRunsEndedInIt() {
    Instant from = Instant.parse("2024-02-10T00:00:00Z");
    Instant to = Instant.parse("2024-02-11T00:00:00Z");

    List<JsonNode> runs = http.readAll("ended_from=2024-02-10&ended_to=2024-02-11&limit=1000");

    long expected = sim.tenant().runs().stream().filter(r -> r.endedAt() != null
        && !r.endedAt().isBefore(from) && r.endedAt().isBefore(to)).count();
    assertThat(runs).hasSize((int) expected).isNotEmpty();
  }

  @Test
  void givenLegacyPath_servesTheSameRuns() {
    HttpResponse<String> r = http.send(http.runs("limit=3").uri(
        java.net.URI.create(sim.baseUrl() + "/workflows/runs?limit=3")));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(SimHttp.json(r.body()).get("data")).hasSize(3);
  }

  private static Set<String> ids(String query) {
    Set<String> ids = new HashSet<>();
    http.readAll(query + "&limit=1000").forEach(r -> ids.add(r.path("id").asText(null)));
    return ids;
  }

  private static Set<String> states(String query) {
    Set<String> states = new HashSet<>();
    http.readAll(query + "&limit=1000").forEach(r -> states.add(r.get("state").asText()));
    return states;
  }
}
