package com.amperityworkflowruns.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuthenticationTest {
  private ApiSimulator sim;

  @AfterEach
  void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  private SimHttp start(SimulatorConfig.Builder config) {
    sim = ApiSimulator.start(config.totalRuns(200).build());
    return new SimHttp(sim);
  }

  private SimHttp start(SimulatorConfig.Builder config, ManualTicker ticker) {
    sim = ApiSimulator.start(config.totalRuns(200).build(), ticker);
    return new SimHttp(sim);
  }

  @Test
  void givenMissingAuthorization_returns401SayingItIsMissing() {
    SimHttp http = start(SimulatorConfig.builder());
    HttpRequest.Builder request = http.runs("limit=1");
    request.setHeader("Authorization", "");

    HttpResponse<String> r = http.send(request);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(SimHttp.json(r.body()).get("message").asText()).contains("missing");
  }

  @Test
  void givenUnknownToken_returns401SayingItIsUnknown() {
    SimHttp http = start(SimulatorConfig.builder());

    HttpResponse<String> r = http.send(http.runs("limit=1").setHeader("Authorization", "Bearer nope"));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(SimHttp.json(r.body()).get("message").asText()).contains("unknown");
    assertThat(sim.stats().clientErrors4xx()).isEqualTo(1);
  }

  @Test
  void givenStaticTokenDisabled_returns401ForIt() {
    SimHttp http = start(SimulatorConfig.builder().staticToken(null));

    assertThat(http.get("limit=1").statusCode()).isEqualTo(401);
  }

  @Test
  void givenClientCredentials_issuesBearerTokenThatServesRuns() {
    SimHttp http = start(SimulatorConfig.builder().tokenTtlSeconds(900));

    HttpResponse<String> issued = http.token("acme-demo",
        "grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret");
    JsonNode body = SimHttp.json(issued.body());
    String token = body.get("access_token").asText();
    HttpResponse<String> r = http.send(http.runs("limit=1").setHeader("Authorization", "Bearer " + token));

    assertThat(issued.statusCode()).isEqualTo(200);
    assertThat(body.get("expires_in").asInt()).isEqualTo(900);
    assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(token).isNotEqualTo(http.oauthToken());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(sim.stats().tokenRequests()).isEqualTo(2);
  }

  @Test
  void givenWrongClientSecret_returns401() {
    SimHttp http = start(SimulatorConfig.builder());

    HttpResponse<String> r = http.token("acme-demo",
        "grant_type=client_credentials&client_id=demo-client&client_secret=wrong");

    assertThat(r.statusCode()).isEqualTo(401);
  }

  @Test
  void givenTokenRequestForOtherTenant_returns403() {
    SimHttp http = start(SimulatorConfig.builder());

    HttpResponse<String> r = http.token("other",
        "grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret");

    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void givenExpiredOAuthToken_returns401SayingItExpired() {
    ManualTicker ticker = new ManualTicker();
    SimHttp http = start(SimulatorConfig.builder().tokenTtlSeconds(2), ticker);
    String token = http.oauthToken();
    HttpRequest.Builder request = http.runs("limit=1").setHeader("Authorization", "Bearer " + token);
    int before = http.send(request).statusCode();

    ticker.advanceMillis(2_000);
    HttpResponse<String> r = http.send(request);

    assertThat(before).isEqualTo(200);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(SimHttp.json(r.body()).get("message").asText()).contains("expired");
  }

  @Test
  void givenOneSecondTtl_tokenExpiresInRealTime() throws InterruptedException {
    SimHttp http = start(SimulatorConfig.builder().tokenTtlSeconds(1).rateLimitPerSecond(0));
    String token = http.oauthToken();
    HttpRequest.Builder request = http.runs("limit=1").setHeader("Authorization", "Bearer " + token);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();

    HttpResponse<String> r = http.send(request);
    while (r.statusCode() == 200 && System.nanoTime() < deadline) {
      Thread.sleep(50); // bounded poll for real expiry, which cannot be awaited otherwise
      r = http.send(request);
    }

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("expired");
  }

  @Test
  void givenWrongTenant_returns403() {
    SimHttp http = start(SimulatorConfig.builder());

    HttpResponse<String> r = http.send(http.runs("limit=1").setHeader("amperity-tenant", "other"));

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("other");
  }

  @Test
  void givenMissingTenant_returns400() {
    SimHttp http = start(SimulatorConfig.builder());
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/workflow/runs"))
        .header("Authorization", "Bearer demo-token").header("api-version", "2024-04-01");

    HttpResponse<String> r = http.send(request);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("amperity-tenant");
  }

  @Test
  void givenUnsupportedOrMissingApiVersion_returns400() {
    SimHttp http = start(SimulatorConfig.builder());
    HttpRequest.Builder missing = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/workflow/runs"))
        .header("Authorization", "Bearer demo-token").header("amperity-tenant", "acme-demo");

    HttpResponse<String> wrong = http.send(http.runs("limit=1").setHeader("api-version", "2023-01-01"));
    HttpResponse<String> none = http.send(missing);

    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(wrong.body()).contains("unsupported api-version");
    assertThat(none.statusCode()).isEqualTo(400);
    assertThat(none.body()).contains("unsupported api-version");
  }

  @Test
  void givenApiVersionQueryParameter_servesRuns() {
    SimHttp http = start(SimulatorConfig.builder());
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create(sim.baseUrl() + "/workflow/runs?api_version=2024-04-01&limit=2"))
        .header("Authorization", "Bearer demo-token").header("amperity-tenant", "acme-demo");

    HttpResponse<String> r = http.send(request);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(SimHttp.json(r.body()).get("data")).hasSize(2);
  }

  @Test
  void givenDeprecationEnabled_responsesCarryDeprecationAndSunset() {
    SimHttp http = start(SimulatorConfig.builder().deprecationHeader(true));

    HttpResponse<String> r = http.get("limit=1");

    assertThat(r.headers().firstValue("Deprecation")).isPresent();
    assertThat(r.headers().firstValue("Sunset")).isPresent();
  }
}
