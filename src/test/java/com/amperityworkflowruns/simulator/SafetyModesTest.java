package com.amperityworkflowruns.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator modes behind the publish-safety tests: midnight runs, inclusive created_to, empty answers. */
class SafetyModesTest {
  private static SimulatorConfig.Builder tenant() {
    return SimulatorConfig.builder().totalRuns(400).dataFrom(LocalDate.of(2024, 1, 1))
        .dataTo(LocalDate.of(2024, 1, 5)).rateLimitPerSecond(0).latencyMillis(0, 0)
        .badRecordRate(0).emptyDayFraction(0).dropRate(0).serverErrorRate(0).repeatRunRate(0)
        .refuseTokenRate(0).midnightRuns(true);
  }

  private static boolean midnightRunOfJan3(JsonNode run) {
    return run.path("created_at").asText().equals("2024-01-03T00:00:00.400Z");
  }

  @Test
  void givenMidnightRuns_everyDayStartsWithARunAt400Milliseconds() {
    try (ApiSimulator sim = ApiSimulator.start(tenant().build())) {
      List<JsonNode> all = new SimHttp(sim).readAll(
          "created_from=2024-01-01T00:00:00Z&created_to=2024-01-06T00:00:00Z&limit=100");

      for (String day : List.of("2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04")) {
        assertThat(all).anyMatch(r -> r.path("created_at").asText().equals(day + "T00:00:00.400Z"));
      }
    }
  }

  @Test
  void givenDocumentedCreatedTo_runAtMidnightOfTheEndDayIsNotServed() {
    try (ApiSimulator sim = ApiSimulator.start(tenant().build())) {
      List<JsonNode> served = new SimHttp(sim).readAll(
          "created_from=2024-01-02T00:00:00Z&created_to=2024-01-03T00:00:00Z&limit=1000");

      assertThat(served).isNotEmpty().noneMatch(SafetyModesTest::midnightRunOfJan3);
    }
  }

  @Test
  void givenCreatedToInclusiveAtSeconds_runAtMidnightOfTheEndDayIsServed() {
    try (ApiSimulator sim = ApiSimulator.start(tenant().createdToInclusiveSeconds(true).build())) {
      List<JsonNode> served = new SimHttp(sim).readAll(
          "created_from=2024-01-02T00:00:00Z&created_to=2024-01-03T00:00:00Z&limit=1000");

      assertThat(served).anyMatch(SafetyModesTest::midnightRunOfJan3);
    }
  }

  @Test
  void givenEmptyAnswers_pagesAre200WithEmptyDataAndNoNextToken() {
    try (ApiSimulator sim = ApiSimulator.start(tenant().build())) {
      sim.setEmptyAnswers(true);

      JsonNode page = SimHttp.json(new SimHttp(sim).get("limit=10&with_total=true").body());

      assertThat(page.path("data").isArray()).isTrue();
      assertThat(page.path("data")).isEmpty();
      assertThat(page.path("next_token").isMissingNode() || page.path("next_token").isNull())
          .isTrue();
    }
  }

  @Test
  void givenCreatedToInclusiveAtSecondsAndNoCreatedTo_servesEveryRun() {
    try (ApiSimulator sim = ApiSimulator.start(tenant().createdToInclusiveSeconds(true).build())) {
      List<JsonNode> served = new SimHttp(sim).readAll("limit=100");

      assertThat(served).hasSize(sim.tenant().runs().size());
    }
  }
}
