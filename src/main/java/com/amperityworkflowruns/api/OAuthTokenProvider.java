package com.amperityworkflowruns.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * OAuth client-credentials tokens: fetched on first use, cached, refreshed when 90% of {@code
 * expires_in} has passed (a long backfill outlives one token) and once after a 401. When the token
 * endpoint refuses the client secret and the secret lives in Secret Manager, the secret is read
 * again (it may have been rotated) and the request sent once more with the new one.
 */
final class OAuthTokenProvider implements TokenProvider {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpClient http;
  private final URI tokenUrl;
  private final String tenant;
  private final String clientId;
  private String clientSecret;
  /** The client secret read again after a refusal, or null when it did not change. */
  private final UnaryOperator<String> rereadSecret;
  private final LongSupplier nanoClock;
  private @Nullable String token;
  private long refreshAtNanos;
  private int generation;

  OAuthTokenProvider(
      HttpClient http,
      URI tokenUrl,
      String tenant,
      String clientId,
      String clientSecret,
      LongSupplier nanoClock) {
    this(http, tokenUrl, tenant, clientId, clientSecret, rejected -> null, nanoClock);
  }

  OAuthTokenProvider(
      HttpClient http,
      URI tokenUrl,
      String tenant,
      String clientId,
      String clientSecret,
      UnaryOperator<String> rereadSecret,
      LongSupplier nanoClock) {
    this.rereadSecret = rereadSecret;
    this.http = http;
    this.tokenUrl = tokenUrl;
    this.tenant = tenant;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.nanoClock = nanoClock;
  }

  @Override
  public synchronized String token() {
    if (token == null || nanoClock.getAsLong() - refreshAtNanos >= 0) {
      fetch();
    }
    return token;
  }

  @Override
  public synchronized int generation() {
    return generation;
  }

  @Override
  public synchronized boolean refreshAfterUnauthorized(int rejected) {
    if (token != null && generation != rejected) {
      return true; // another request already refreshed it
    }
    fetch();
    return true;
  }

  private void fetch() {
    try {
      fetchWith(clientSecret);
    } catch (ApiException e) {
      if (e.kind() != ApiException.Kind.UNAUTHORIZED) {
        throw e;
      }
      String fresh = rereadSecret.apply(clientSecret);
      if (fresh == null) {
        throw e;
      }
      clientSecret = fresh;
      fetchWith(fresh);
    }
  }

  private void fetchWith(String clientSecret) {
    String form =
        "grant_type=client_credentials&client_id="
            + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
            + "&client_secret="
            + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(tokenUrl)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Amperity-Tenant", tenant)
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    long sentAt = nanoClock.getAsLong();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw ApiException.transport(
          ApiException.Kind.CONNECTION, "token endpoint " + tokenUrl + " unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.transport(ApiException.Kind.CONNECTION, "interrupted", e);
    }
    if (response.statusCode() != 200) {
      ApiException e = ResponseClassifier.error(response.statusCode(), response.body(), response);
      throw new ApiException(
          e.kind() == ApiException.Kind.UNAUTHORIZED || e.kind() == ApiException.Kind.FORBIDDEN
              ? ApiException.Kind.UNAUTHORIZED
              : e.kind(),
          e.status(),
          "OAuth token request for client " + clientId + " failed: " + e.getMessage()
              + " (check --clientId and the client secret)",
          e.requestId(),
          e.retryAfterMillis(),
          null);
    }
    try {
      JsonNode body = MAPPER.readTree(response.body());
      String access = body.path("access_token").asText("");
      if (access.isEmpty()) {
        throw new IOException("no access_token");
      }
      long expiresIn = body.path("expires_in").asLong(3600);
      token = access;
      generation++;
      refreshAtNanos = sentAt + Duration.ofSeconds(expiresIn).toNanos() * 9 / 10;
    } catch (IOException e) {
      throw new ApiException(
          ApiException.Kind.MALFORMED_RESPONSE,
          200,
          "OAuth token endpoint " + tokenUrl + " answered without an access_token",
          null,
          -1,
          null);
    }
  }
}
