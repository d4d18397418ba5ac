package com.amperityworkflowruns.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amperityworkflowruns.api.Credentials;
import com.amperityworkflowruns.fetch.ShardReadException;
import com.amperityworkflowruns.simulator.ApiSimulator;
import com.amperityworkflowruns.simulator.OverLimit;
import com.amperityworkflowruns.simulator.SimulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The largest page size the API accepts, found one request per candidate (loopback simulator). */
class PageSizeProbeTest {
  private static final Instant FROM = Instant.parse("2024-01-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2024-03-01T00:00:00Z");

  @TempDir Path tmp;

  private static SimulatorConfig.Builder tenant(int largest) {
    return SimulatorConfig.builder().totalRuns(3_000).rateLimitPerSecond(0).maxPageSize(largest);
  }

  private PageSizeProbe probe(ApiSimulator sim, List<Integer> candidates) throws Exception {
    Path token = Files.writeString(tmp.resolve("token"), sim.config().staticToken());
    RunsApiIO.Read read = RunsApiIO.read()
        .withBaseUrl(sim.baseUrl())
        .withTenant(sim.config().tenant())
        .withCredentials(Credentials.tokenFile(token.toString()))
        .withMaxRetries(1);
    try (ApiProbe probe = ApiProbe.of(read)) {
      return PageSizeProbe.find(probe, FROM, TO, candidates);
    }
  }

  @Test
  void candidates_startAtTheLargestAndStepDownThroughTheRungsBelowIt() {
    assertThat(PageSizeProbe.candidates(1000)).containsExactly(1000, 500, 250, 100);
    assertThat(PageSizeProbe.candidates(2000)).containsExactly(2000, 1000, 500, 250, 100);
    assertThat(PageSizeProbe.candidates(300)).containsExactly(300, 250, 100);
    assertThat(PageSizeProbe.candidates(50)).containsExactly(50);
    assertThatThrownBy(() -> PageSizeProbe.candidates(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void givenApiRefusingAbove500_whenProbedFrom1000_thenSettlesOn500WithOneRequestPerStep()
      throws Exception {
    // Arrange
    try (ApiSimulator sim = ApiSimulator.start(tenant(500).build())) {
      // Act
      PageSizeProbe found = probe(sim, PageSizeProbe.candidates(1000));

      // Assert
      assertThat(found.pageSize).isEqualTo(500);
      assertThat(found.requests).isEqualTo(2);
      assertThat(sim.stats().requests()).isEqualTo(2);
      assertThat(found.capped).isFalse();
      assertThat(found.refused).singleElement().asString().startsWith("1000 (HTTP 400");
      assertThat(found.describe()).isEqualTo("500, the largest the API accepts (1000 refused;"
          + " 2 requests)");
    }
  }

  @Test
  void givenApiRefusingAbove250_whenProbedFrom1000_thenStepsDownTwiceTo250() throws Exception {
    // Arrange
    try (ApiSimulator sim = ApiSimulator.start(tenant(499).build())) {
      // Act
      PageSizeProbe found = probe(sim, PageSizeProbe.candidates(1000));

      // Assert
      assertThat(found.pageSize).isEqualTo(250);
      assertThat(found.requests).isEqualTo(3);
      assertThat(found.describe()).contains("1000, 500 refused; 3 requests");
    }
  }

  @Test
  void givenApiCappingAt500_whenProbedAt1000_thenUsesTheSizeItServesWithOneRequest()
      throws Exception {
    // Arrange
    try (ApiSimulator sim =
        ApiSimulator.start(tenant(500).overLimit(OverLimit.CAP).build())) {
      // Act
      PageSizeProbe found = probe(sim, PageSizeProbe.candidates(1000));

      // Assert
      assertThat(found.pageSize).isEqualTo(500);
      assertThat(found.capped).isTrue();
      assertThat(found.requests).isEqualTo(1);
      assertThat(found.describe()).startsWith("500, the most the API serves a page");
    }
  }

  @Test
  void givenApiAcceptingTheLargest_whenProbed_thenOneRequestAndTheLargest() throws Exception {
    // Arrange
    try (ApiSimulator sim = ApiSimulator.start(tenant(1000).build())) {
      // Act
      PageSizeProbe found = probe(sim, PageSizeProbe.candidates(1000));

      // Assert
      assertThat(found.pageSize).isEqualTo(1000);
      assertThat(found.requests).isEqualTo(1);
      assertThat(found.refused).isEmpty();
    }
  }

  @Test
  void givenApiRefusingEveryCandidate_whenProbed_thenFailsNamingTheSizesAndTheFix()
      throws Exception {
    // Arrange
    try (ApiSimulator sim = ApiSimulator.start(tenant(50).build())) {
      // Act + Assert
      assertThatThrownBy(() -> probe(sim, PageSizeProbe.candidates(1000)))
          .isInstanceOf(ShardReadException.class)
          .hasMessageContaining("refused every page size tried ([1000, 500, 250, 100])")
          .hasMessageContaining("set --pageSize");
      assertThat(sim.stats().requests()).isEqualTo(4);
    }
  }

  @Test
  void givenWrongTenant_whenProbed_thenFailsAtOnceQuotingThe403() throws Exception {
    // Arrange
    try (ApiSimulator sim = ApiSimulator.start(tenant(500).build())) {
      Path token = Files.writeString(tmp.resolve("token"), sim.config().staticToken());
      RunsApiIO.Read read = RunsApiIO.read().withBaseUrl(sim.baseUrl()).withTenant("other")
          .withCredentials(Credentials.tokenFile(token.toString()));

      // Act + Assert
      try (ApiProbe probe = ApiProbe.of(read)) {
        assertThatThrownBy(() -> PageSizeProbe.find(probe, FROM, TO, List.of(1000, 500)))
            .isInstanceOf(ShardReadException.class)
            .hasMessageContaining("HTTP 403");
      }
      assertThat(sim.stats().requests()).isEqualTo(1);
    }
  }
}
