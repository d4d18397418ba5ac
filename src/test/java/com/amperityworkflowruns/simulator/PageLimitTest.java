package com.amperityworkflowruns.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The largest accepted {@code limit}: above it the simulator refuses with a 400, or caps. */
class PageLimitTest {
  private static SimulatorConfig.Builder tenant() {
    return SimulatorConfig.builder().totalRuns(1_500).rateLimitPerSecond(0).maxPageSize(500);
  }

  @Test
  void givenRefusingSimulator_whenLimitAboveItsLargest_then400NamingLimitAndItsRange() {
    // Arrange
    try (ApiSimulator sim = ApiSimulator.start(tenant().build())) {
      SimHttp http = new SimHttp(sim);

      // Act
      HttpResponse<String> above = http.get("limit=501");
      HttpResponse<String> at = http.get("limit=500");

      // Assert
      assertThat(above.statusCode()).isEqualTo(400);
      assertThat(SimHttp.json(above.body()).get("message").asText())
          .contains("limit").contains("500");
      assertThat(at.statusCode()).isEqualTo(200);
      assertThat(SimHttp.json(at.body()).get("data")).hasSize(500);
    }
  }

  @Test
  void givenCappingSimulator_whenLimitAboveItsLargest_thenShortPagesWhoseChainServesEveryRunOnce() {
    // Arrange
    try (ApiSimulator sim =
        ApiSimulator.start(tenant().overLimit(OverLimit.CAP).build())) {
      SimHttp http = new SimHttp(sim);

      // Act
      HttpResponse<String> first = http.get("limit=1000");
      List<JsonNode> all = http.readAll("limit=1000");

      // Assert
      JsonNode page = SimHttp.json(first.body());
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(page.get("data")).hasSize(500);
      assertThat(page.hasNonNull("next_token")).isTrue();
      assertThat(all).hasSize(sim.tenant().runs().size());
      assertThat(all.stream().map(r -> r.toString()).distinct()).hasSize(all.size());
    }
  }
}
