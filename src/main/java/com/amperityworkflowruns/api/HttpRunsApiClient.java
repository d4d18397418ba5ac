package com.amperityworkflowruns.api;

import com.amperityworkflowruns.model.TimeRanges;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link RunsApiClient} over {@code java.net.http}: builds the request and classifies the answer. */
public final class HttpRunsApiClient implements RunsApiClient {
  private static final Logger LOG = LoggerFactory.getLogger(HttpRunsApiClient.class);
  private static final AtomicBoolean DEPRECATION_LOGGED = new AtomicBoolean();

  /** A probe of the connection time gives up after this (the budget keeps its default). */
  private static final int PROBE_TIMEOUT_MILLIS = 2000;

  private final ClientSettings config;
  private final ExecutorService executor;
  private final HttpClient http;
  private final TokenProvider tokens;

  HttpRunsApiClient(ClientSettings config, Map<String, String> env) {
    this.config = config;
    this.executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "runs-api-http");
              t.setDaemon(true);
              return t;
            });
    this.http =
        HttpClient.newBuilder()
            .executor(executor)
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    Credentials credentials = config.credentials;
    String secret = credentials.readSecret(env);
    this.tokens =
        credentials.isOAuth()
            ? new OAuthTokenProvider(
                http,
                URI.create(credentials.tokenUrl),
                config.tenant,
                credentials.clientId,
                secret,
                rejected -> SecretTokenProvider.reread(credentials, env, rejected),
                System::nanoTime)
            : credentials.secretName != null
                ? new SecretTokenProvider(
                    secret, rejected -> SecretTokenProvider.reread(credentials, env, rejected))
                : TokenProvider.fixed(secret);
  }

  /** The default factory: real HTTP, secrets from files, the environment or Secret Manager. */
  public static RunsApiClient.Factory factory() {
    return config -> new HttpRunsApiClient(config, System.getenv());
  }

  @Override
  public void prepare() {
    tokens.token();
  }

  @Override
  public long connectNanos() {
    return ConnectProbe.nanos(config.baseUrl, PROBE_TIMEOUT_MILLIS);
  }

  @Override
  public CompletableFuture<Page> fetch(PageRequest request) {
    HttpRequest httpRequest;
    int generation;
    try {
      httpRequest =
          HttpRequest.newBuilder(uri(request))
              .timeout(config.requestTimeout)
              .header("Authorization", "Bearer " + tokens.token())
              .header("amperity-tenant", config.tenant)
              .header("api-version", config.apiVersion)
              .header("Accept", "application/json")
              .GET()
              .build();
      generation = tokens.generation();
    } catch (ApiException e) {
      return CompletableFuture.failedFuture(e);
    }
    return http.sendAsync(httpRequest, HttpResponse.BodyHandlers.ofByteArray())
        .handle(
            (response, error) -> {
              if (error != null) {
                throw transportError(error);
              }
              warnOnceIfDeprecated(response);
              if (response.statusCode() == 200) {
                return ResponseClassifier.page(
                    response.body(), response.headers().firstValue("Content-Type").orElse(null));
              }
              ApiException failure =
                  ResponseClassifier.error(response.statusCode(), response.body(), response);
              failure.tokenGeneration = generation;
              throw failure;
            });
  }

  @Override
  public boolean refreshAfterUnauthorized(ApiException unauthorized) {
    return tokens.refreshAfterUnauthorized(unauthorized.tokenGeneration);
  }

  URI uri(PageRequest request) {
    StringBuilder q = new StringBuilder();
    String field = request.byEnded ? "ended" : "created";
    q.append(field).append("_from=").append(TimeRanges.format(request.fromMicros));
    q.append("&").append(field).append("_to=").append(TimeRanges.format(request.toMicros));
    if (request.endedFromMicros != null) {
      q.append("&ended_from=").append(TimeRanges.format(request.endedFromMicros));
    }
    q.append("&limit=").append(config.pageSize);
    if (config.state != null) {
      q.append("&state=").append(encode(config.state));
    }
    if (config.type != null) {
      q.append("&type=").append(encode(config.type));
    }
    if (request.withTotal) {
      q.append("&with_total=true");
    }
    if (request.token != null && !request.token.isEmpty()) {
      q.append("&next_token=").append(encode(request.token));
    }
    return URI.create(config.baseUrl + config.runsPath + "?" + q);
  }

  private static String encode(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8);
  }

  private static ApiException transportError(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
    if (cause instanceof ApiException) {
      return (ApiException) cause;
    }
    if (cause instanceof HttpConnectTimeoutException || cause instanceof HttpTimeoutException) {
      return ApiException.transport(ApiException.Kind.TIMEOUT, "request timed out", cause);
    }
    if (cause instanceof ConnectException) {
      return ApiException.transport(
          ApiException.Kind.CONNECTION, "connection refused (is --baseUrl right?)", cause);
    }
    if (cause instanceof IOException) {
      return ApiException.transport(
          ApiException.Kind.CONNECTION, "connection dropped: " + cause.getMessage(), cause);
    }
    return ApiException.transport(ApiException.Kind.CONNECTION, String.valueOf(cause), cause);
  }

  private static void warnOnceIfDeprecated(HttpResponse<?> response) {
    var deprecation = response.headers().firstValue("Deprecation");
    var sunset = response.headers().firstValue("Sunset");
    if ((deprecation.isPresent() || sunset.isPresent())
        && DEPRECATION_LOGGED.compareAndSet(false, true)) {
      LOG.warn(
          "The API marks this api-version as deprecated (Deprecation: {}, Sunset: {}); plan to"
              + " move to a newer --apiVersion before the sunset date.",
          deprecation.orElse("-"),
          sunset.orElse("-"));
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
