package com.amperityworkflowruns.simulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * A running simulator of the Amperity workflow runs API on loopback.
 *
 * <p>Usage:
 *
 * <pre>{@code
 * try (ApiSimulator sim = ApiSimulator.start(SimulatorConfig.builder().build())) {
 *   String runs = sim.baseUrl() + "/workflow/runs"; // Bearer demo-token, tenant acme-demo
 *   ...
 * }
 * }</pre>
 *
 * <p>Handlers run on a pool of {@value #THREADS} threads, so that injected latency (the server
 * sleeps) never holds back other requests.
 */
public final class ApiSimulator implements AutoCloseable {
  static final int THREADS = 256;
  private static final String PREFIX = "/api";

  static {
    // The JDK server writes headers and body separately; without TCP_NODELAY a small answer
    // waits for the client's delayed ACK (about 40 ms), which would throttle every error answer.
    // ServerConfig reads this once, so it must be set before the first HttpServer is created.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final SimulatorConfig config;
  private final SyntheticTenant tenant;
  private final StatsRecorder stats = new StatsRecorder();
  private final FaultSettings faults;
  private final HttpServer server;
  private final ExecutorService executor;

  private ApiSimulator(SimulatorConfig config, LongSupplier ticker) throws IOException {
    this.config = config;
    this.tenant = SyntheticTenant.generate(config);
    this.faults = new FaultSettings(config);
    AccessTokens tokens = new AccessTokens(config, ticker);
    Map<String, String> runPaths =
        Map.of(PREFIX + "/workflow/runs", "current", PREFIX + "/workflows/runs", "legacy");
    Arrivals arrivals = new Arrivals(ticker);
    RunsEndpoint runs = new RunsEndpoint(config, tenant, tokens, faults, new SlidingWindow(),
        stats, arrivals, runPaths);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    runPaths.keySet().forEach(p -> server.createContext(p, runs));
    server.createContext(PREFIX + "/v0/oauth2/token", new TokenEndpoint(config, tokens, stats));
    server.createContext("/", exchange -> {
      try (exchange) {
        Reply.error(404, "no such resource: " + exchange.getRequestURI().getPath(), "req-404", null)
            .send(exchange);
      }
    });
    this.executor = Executors.newFixedThreadPool(THREADS, daemonThreads());
    server.setExecutor(arrivals.stamping(executor));
    server.start();
  }

  /** Generates the tenant, binds 127.0.0.1 on a free port and returns once it accepts requests. */
  public static ApiSimulator start(SimulatorConfig config) {
    return start(config, System::nanoTime);
  }

  /** Starts with an injected nanosecond ticker for rate limiting, token expiry and stats. */
  static ApiSimulator start(SimulatorConfig config, LongSupplier ticker) {
    try {
      return new ApiSimulator(config, ticker);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the API simulator on loopback", e);
    }
  }

  /** The API base, {@code http://127.0.0.1:PORT/api}; runs are at {@code baseUrl() + "/workflow/runs"}. */
  public String baseUrl() {
    return "http://" + server.getAddress().getAddress().getHostAddress() + ":"
        + server.getAddress().getPort() + PREFIX;
  }

  /** The configuration the simulator started with (runtime fault changes are not reflected). */
  public SimulatorConfig config() {
    return config;
  }

  /** The served tenant, to compute expected results. */
  public SyntheticTenant tenant() {
    return tenant;
  }

  /** A snapshot of the counters since start or the last {@link #resetStats()}. */
  public SimulatorStats stats() {
    return stats.snapshot();
  }

  /** Zeroes the counters and peaks (the rate limiter's window is kept). */
  public void resetStats() {
    stats.reset();
  }

  /**
   * Serves {@code requests} pages at once without the limit, so that what is measured next meets a
   * warm server, as a real API is, not one still compiling its code (nor a JVM whose HTTP client
   * code is still cold, when the client runs here too); then restores the limit, lets the warm-up
   * leave the limiter's one-second window and zeroes the counters.
   */
  public void warmUp(int requests) {
    int limit = faults.rateLimitPerSecond;
    setRateLimitPerSecond(0);
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/workflow/runs"
            + "?created_from=" + config.dataFrom() + "&created_to=" + config.dataTo()
            + "&limit=100&with_total=true"))
        .header("Authorization", "Bearer " + config.staticToken())
        .header("amperity-tenant", config.tenant())
        .header("api-version", config.apiVersion())
        .build();
    List<CompletableFuture<?>> answers = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .orTimeout(60, TimeUnit.SECONDS));
    }
    CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0])).join();
    setRateLimitPerSecond(limit);
    LockSupport.parkNanos(SlidingWindow.WINDOW_NANOS + 100_000_000L);
    resetStats();
  }

  /** Changes the rate limit while running; 0 disables it. */
  public void setRateLimitPerSecond(int perSecond) {
    if (perSecond < 0) {
      throw new IllegalArgumentException("rateLimitPerSecond must be >= 0, got " + perSecond);
    }
    faults.rateLimitPerSecond = perSecond;
  }

  /** Changes the fraction of admitted requests answered 500/502/503. */
  public void setServerErrorRate(double rate) {
    faults.serverErrorRate = FaultSettings.fraction("serverErrorRate", rate);
  }

  /**
   * While true, every page is a 200 with an empty {@code data} array and no {@code next_token}
   * (an API incident, or a header that selects another tenant's empty view).
   */
  public void setEmptyAnswers(boolean empty) {
    faults.emptyAnswers = empty;
  }

  /** Changes the fraction of requests dropped without an answer. */
  public void setDropRate(double rate) {
    faults.dropRate = FaultSettings.fraction("dropRate", rate);
  }

  /** Changes the uniform random delay of each response. */
  public void setLatencyMillis(int min, int max) {
    faults.latency(min, max);
  }

  /** Stops the server at once and its threads. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "api-simulator-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
