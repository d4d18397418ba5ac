package com.amperityworkflowruns.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code POST /v0/oauth2/token}: OAuth client credentials, header {@code X-Amperity-Tenant},
 * form body {@code grant_type=client_credentials&client_id=...&client_secret=...}. Not rate
 * limited and free of injected faults.
 */
final class TokenEndpoint implements HttpHandler {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final SimulatorConfig config;
  private final AccessTokens tokens;
  private final StatsRecorder stats;
  private final AtomicLong sequence = new AtomicLong();

  TokenEndpoint(SimulatorConfig config, AccessTokens tokens, StatsRecorder stats) {
    this.config = config;
    this.tokens = tokens;
    this.stats = stats;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    stats.tokenRequest();
    String requestId = "req-tok-" + sequence.incrementAndGet();
    try (exchange) {
      Reply reply;
      try {
        reply = issue(exchange);
      } catch (ApiError e) {
        reply = Reply.error(e.status, e.getMessage(), requestId, null);
      }
      reply.send(exchange);
    }
  }

  private Reply issue(HttpExchange exchange) throws ApiError, IOException {
    if (!exchange.getRequestURI().getPath().endsWith("/v0/oauth2/token")) {
      throw new ApiError(404, "no such resource: " + exchange.getRequestURI().getPath());
    }
    if (!"POST".equals(exchange.getRequestMethod())) {
      throw new ApiError(405, "method " + exchange.getRequestMethod() + " not allowed; use POST");
    }
    String tenant = exchange.getRequestHeaders().getFirst("X-Amperity-Tenant");
    if (tenant == null || tenant.isBlank()) {
      throw ApiError.badRequest("missing X-Amperity-Tenant header");
    }
    if (!tenant.equals(config.tenant())) {
      throw new ApiError(403, "client not permitted for tenant '" + tenant + "'");
    }
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, String> form = RunsQuery.params(body);
    if (!"client_credentials".equals(form.get("grant_type"))) {
      throw ApiError.badRequest("unsupported grant_type '" + form.get("grant_type")
          + "'; use client_credentials");
    }
    if (!config.clientId().equals(form.get("client_id"))
        || !config.clientSecret().equals(form.get("client_secret"))) {
      throw new ApiError(401, "invalid client credentials");
    }
    ObjectNode node = MAPPER.createObjectNode();
    node.put("access_token", tokens.issue());
    node.put("expires_in", config.tokenTtlSeconds());
    node.put("token_type", "Bearer");
    return Reply.json(200, MAPPER.writeValueAsBytes(node));
  }
}
