package com.amperityworkflowruns.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amperityworkflowruns.simulator.ApiSimulator;
import com.amperityworkflowruns.simulator.SimulatorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OAuthTokenProviderTest {
  private ApiSimulator sim;
  private final AtomicLong clock = new AtomicLong();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    sim = ApiSimulator.start(SimulatorConfig.builder().totalRuns(10).tokenTtlSeconds(100).build());
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private OAuthTokenProvider provider(String secret) {
    return new OAuthTokenProvider(http, URI.create(sim.baseUrl() + "/v0/oauth2/token"),
        sim.config().tenant(), sim.config().clientId(), secret, clock::get);
  }

  @Test
  void tokenIsCachedUntilNinetyPercentOfItsLifetime() {
    OAuthTokenProvider tokens = provider(sim.config().clientSecret());

    String first = tokens.token();
    clock.addAndGet(89_000_000_000L);
    String stillCached = tokens.token();
    clock.addAndGet(2_000_000_000L);
    String refreshed = tokens.token();

    assertThat(stillCached).isEqualTo(first);
    assertThat(refreshed).isNotEqualTo(first);
    assertThat(sim.stats().tokenRequests()).isEqualTo(2);
  }

  @Test
  void afterUnauthorized_refreshesOnce_evenWhenManyRequestsSawTheOldToken() {
    OAuthTokenProvider tokens = provider(sim.config().clientSecret());
    String old = tokens.token();
    int oldGeneration = tokens.generation();

    boolean first = tokens.refreshAfterUnauthorized(oldGeneration);
    boolean second = tokens.refreshAfterUnauthorized(oldGeneration);

    assertThat(first).isTrue();
    assertThat(second).isTrue();
    assertThat(tokens.token()).isNotEqualTo(old);
    assertThat(sim.stats().tokenRequests()).isEqualTo(2);
  }

  @Test
  void wrongSecret_failsNamingTheClientButNotTheSecret() {
    OAuthTokenProvider tokens = provider("not-the-secret-xyz");

    assertThatThrownBy(tokens::token)
        .isInstanceOf(ApiException.class)
        .hasMessageContaining(sim.config().clientId())
        .hasMessageContaining("HTTP 401")
        .hasMessageNotContaining("not-the-secret-xyz");
  }
}
