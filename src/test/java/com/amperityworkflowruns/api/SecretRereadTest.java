package com.amperityworkflowruns.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amperityworkflowruns.simulator.ApiSimulator;
import com.amperityworkflowruns.simulator.SimulatorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A secret from Secret Manager is read again after a 401, in case it was rotated. */
class SecretRereadTest {
  private ApiSimulator sim;
  private final AtomicLong clock = new AtomicLong();
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> rejected = new ArrayList<>();

  @BeforeEach
  void start() {
    sim = ApiSimulator.start(SimulatorConfig.builder().totalRuns(10).build());
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private OAuthTokenProvider provider(String heldSecret, String rereadAnswer) {
    return new OAuthTokenProvider(http, URI.create(sim.baseUrl() + "/v0/oauth2/token"),
        sim.config().tenant(), sim.config().clientId(), heldSecret,
        r -> {
          rejected.add(r);
          return rereadAnswer;
        },
        clock::get);
  }

  @Test
  void givenClientSecretRotatedSinceItWasRead_tokenEndpointRefusalRereadsAndSucceeds() {
    OAuthTokenProvider tokens = provider("rotated-away-secret", sim.config().clientSecret());

    String token = tokens.token();

    assertThat(token).isNotBlank();
    assertThat(rejected).containsExactly("rotated-away-secret");
    assertThat(sim.stats().tokenRequests()).isEqualTo(2);
  }

  @Test
  void givenClientSecretUnchangedInTheStore_refusalIsFinalAfterOneRead() {
    OAuthTokenProvider tokens = provider("wrong-secret-abc", null);

    assertThatThrownBy(tokens::token)
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageNotContaining("wrong-secret-abc");
    assertThat(rejected).hasSize(1);
    assertThat(sim.stats().tokenRequests()).isEqualTo(1);
  }

  @Test
  void givenTokenRotated_secretTokenProviderSwitchesOnceForManyRefusals() {
    List<String> asked = new ArrayList<>();
    SecretTokenProvider tokens = new SecretTokenProvider("old-token", r -> {
      asked.add(r);
      return "new-token";
    });
    int old = tokens.generation();

    boolean first = tokens.refreshAfterUnauthorized(old);
    boolean second = tokens.refreshAfterUnauthorized(old);

    assertThat(first).isTrue();
    assertThat(second).isTrue();
    assertThat(tokens.token()).isEqualTo("new-token");
    assertThat(asked).containsExactly("old-token");
  }

  @Test
  void givenTokenNotRotated_refusalIsFinal() {
    SecretTokenProvider tokens = new SecretTokenProvider("same-token", r -> null);

    boolean retry = tokens.refreshAfterUnauthorized(tokens.generation());

    assertThat(retry).isFalse();
    assertThat(tokens.token()).isEqualTo("same-token");
  }
}
