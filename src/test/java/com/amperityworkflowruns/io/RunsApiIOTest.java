package com.amperityworkflowruns.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunsApiIOTest {
  private static RunsApiIO.Read complete() {
    return RunsApiIO.read()
        .withBaseUrl("https://acme.amperity.com/api")
        .withTenant("acme")
        .withCredentials(Credentials.tokenFromEnvironment())
        .withCreatedRange(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-01-02T00:00:00Z"));
  }

  @Test
  void withWorkers_givesEachWorkerItsShareOfTheBudget() {
    assertThat(complete().withRateLimit(10).withWorkers(4).config().rateLimit).isEqualTo(2.5);
    assertThat(complete().config().rateLimit).isEqualTo(10);
  }

  @Test
  void missingTenant_namesTheMethodToCall() {
    assertThatThrownBy(() -> RunsApiIO.read().withBaseUrl("https://a.amperity.com/api")
            .withCredentials(Credentials.tokenFromEnvironment()).config())
        .hasMessage("withTenant() is required");
  }

  @Test
  void plainHttpToARemoteHost_isRefused_butLoopbackIsAllowed() {
    assertThatThrownBy(() -> RunsApiIO.checkBaseUrl("http://acme.amperity.com/api"))
        .hasMessageContaining("use https://");
    assertThat(RunsApiIO.checkBaseUrl("http://127.0.0.1:8080/api/")).isEqualTo("http://127.0.0.1:8080/api");
  }

  @Test
  void reversedRange_isRefused() {
    assertThatThrownBy(() -> RunsApiIO.read().withCreatedRange(
            Instant.parse("2024-01-02T00:00:00Z"), Instant.parse("2024-01-01T00:00:00Z")))
        .hasMessageContaining("must be before");
  }

  @Test
  void settingsAreImmutable() {
    RunsApiIO.Read base = complete();

    base.withPageSize(500);

    assertThat(base.config().pageSize).isEqualTo(100);
  }
}
