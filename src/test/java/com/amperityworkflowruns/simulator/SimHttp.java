package com.amperityworkflowruns.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A small loopback client of the simulator for tests: sends well-formed requests by default. */
final class SimHttp {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5)).build();

  private final ApiSimulator sim;

  SimHttp(ApiSimulator sim) {
    this.sim = sim;
  }

  /** A GET of the runs endpoint with the demo token, tenant and api-version. */
  HttpRequest.Builder runs(String query) {
    return HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/workflow/runs"
            + (query.isEmpty() ? "" : "?" + query)))
        .timeout(Duration.ofSeconds(20))
        .header("Authorization", "Bearer demo-token")
        .header("amperity-tenant", sim.config().tenant())
        .header("api-version", "2024-04-01");
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest.Builder request) {
    return CLIENT.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String query) {
    return send(runs(query));
  }

  /** Reads every page of a query; returns the runs of all pages in arrival order. */
  List<JsonNode> readAll(String query) {
    List<JsonNode> runs = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String q = query + (token == null ? "" : "&next_token=" + encode(token));
      HttpResponse<String> r = get(q);
      if (r.statusCode() != 200) {
        throw new AssertionError("page " + pages + " of " + q + ": " + r.statusCode() + " " + r.body());
      }
      JsonNode page = json(r.body());
      page.get("data").forEach(runs::add);
      token = page.hasNonNull("next_token") ? page.get("next_token").asText() : null;
      pages++;
    } while (token != null && pages < 100_000);
    return runs;
  }

  HttpResponse<String> token(String tenant, String form) {
    return send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v0/oauth2/token"))
        .header("X-Amperity-Tenant", tenant)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)));
  }

  /** Obtains an OAuth access token with the demo client credentials. */
  String oauthToken() {
    HttpResponse<String> r = token(sim.config().tenant(),
        "grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret");
    if (r.statusCode() != 200) {
      throw new AssertionError("token: " + r.statusCode() + " " + r.body());
    }
    return json(r.body()).get("access_token").asText();
  }

  static JsonNode json(String body) {
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
