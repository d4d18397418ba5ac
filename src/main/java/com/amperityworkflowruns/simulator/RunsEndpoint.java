package com.amperityworkflowruns.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code GET /workflow/runs} (and the legacy {@code /workflows/runs}).
 *
 * <p>Order of decisions: drop; method and path; bearer token (401); tenant (400 missing, 403
 * other); api-version (400); rate limit over admitted requests (429, not consuming the budget);
 * injected 5xx; query parameters (400 naming the parameter); refused or invalid next_token (400);
 * the page. Every answer, dropped connections included, is delayed by the configured latency.
 * Fault draws come from the seed and the request's arrival number, so rates are reproducible.
 */
final class RunsEndpoint implements HttpHandler {
  private static final String NOT_JSON = "<<this is not JSON>> data: [";
  private static final String HTML_PAGE = "<!DOCTYPE html><html><head><title>Sign in</title></head>"
      + "<body><h1>Amperity</h1><p>Please sign in to continue.</p></body></html>";

  private final SimulatorConfig config;
  private final SyntheticTenant tenant;
  private final AccessTokens tokens;
  private final FaultSettings faults;
  private final SlidingWindow admissions;
  private final StatsRecorder stats;
  private final PageTokens pageTokens;
  private final Arrivals arrivals;
  private final Map<String, String> paths;

  RunsEndpoint(SimulatorConfig config, SyntheticTenant tenant, AccessTokens tokens,
      FaultSettings faults, SlidingWindow admissions, StatsRecorder stats, Arrivals arrivals,
      Map<String, String> paths) {
    this.config = config;
    this.tenant = tenant;
    this.tokens = tokens;
    this.faults = faults;
    this.admissions = admissions;
    this.stats = stats;
    this.pageTokens = new PageTokens(config);
    this.arrivals = arrivals;
    this.paths = paths;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    long arrival = arrivals.ofThisRequest();
    long n = stats.arrival(arrival);
    try {
      SplittableRandom draws = new SplittableRandom(config.seed() ^ (n * 0x9E3779B97F4A7C15L));
      Reply reply = decide(exchange, arrival, n, draws);
      pause(draws, reply.extraLatencyMillis);
      if (reply != Reply.DROP && config.deprecationHeader()) {
        deprecate(reply);
      }
      stats.answered(reply.status);
      reply.send(exchange);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the simulator is closing: the connection just drops
      stats.answered(StatsRecorder.DROPPED);
    } catch (IOException e) {
      // The client went away while we answered; nothing more to do.
    } finally {
      stats.done();
      exchange.close();
    }
  }

  private Reply decide(HttpExchange exchange, long arrival, long n, SplittableRandom draws) {
    double dropDraw = draws.nextDouble();
    double errorDraw = draws.nextDouble();
    int errorKind = draws.nextInt(3);
    double refuseDraw = draws.nextDouble();
    double repeatDraw = draws.nextDouble();
    String requestId = requestId(n);
    if (dropDraw < faults.dropRate) {
      return Reply.DROP;
    }
    try {
      checkRequest(exchange);
      int inWindow = admissions.tryAdd(afterJitter(n, arrival), faults.rateLimitPerSecond);
      if (inWindow < 0) {
        return tooMany(requestId);
      }
      stats.admitted(inWindow);
      if (errorDraw < faults.serverErrorRate) {
        return serverError(errorKind, requestId);
      }
      Map<String, String> params = RunsQuery.params(exchange.getRequestURI().getRawQuery());
      RunsQuery q = RunsQuery.parse(params, config.maxPageSize(), config.overLimit());
      int offset = 0;
      if (q.nextToken != null) {
        if (refuseDraw < config.refuseTokenRate()) {
          stats.tokenRefused();
          throw ApiError.invalidNextToken();
        }
        offset = pageTokens.decode(q.nextToken, q.filterSignature());
      }
      Reply reply = page(q, offset, repeatDraw < config.repeatRunRate());
      if (q.withTotal) {
        reply.extraLatencyMillis = config.withTotalExtraLatencyMillis();
      }
      return reply;
    } catch (ApiError e) {
      return Reply.error(e.status, e.getMessage(), requestId, n % 3 == 0 ? traceId(n) : null);
    }
  }

  /**
   * The time the rate limiter counts the request: after a uniform delay of up to {@code
   * arrivalJitterMillis} (network jitter), drawn from its own stream so that fault draws do not
   * change with the setting.
   */
  private long afterJitter(long n, long arrival) {
    int max = config.arrivalJitterMillis();
    if (max == 0) {
      return arrival;
    }
    long millis = new SplittableRandom(config.seed() * 31 + n).nextInt(max + 1);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return arrival + millis * 1_000_000L;
  }

  private void checkRequest(HttpExchange exchange) throws ApiError {
    if (!paths.containsKey(exchange.getRequestURI().getPath())) {
      throw new ApiError(404, "no such resource: " + exchange.getRequestURI().getPath());
    }
    if (!"GET".equals(exchange.getRequestMethod())) {
      throw new ApiError(405, "method " + exchange.getRequestMethod() + " not allowed; use GET");
    }
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    if (auth == null || auth.isBlank()) {
      throw new ApiError(401, "missing Authorization header; send 'Authorization: Bearer <token>'");
    }
    if (!auth.regionMatches(true, 0, "Bearer ", 0, 7) || auth.length() == 7) {
      throw new ApiError(401, "Authorization header must be 'Bearer <token>'");
    }
    switch (tokens.check(auth.substring(7).trim())) {
      case UNKNOWN:
        throw new ApiError(401, "invalid access token: unknown token");
      case EXPIRED:
        throw new ApiError(401, "access token expired");
      default:
        break;
    }
    String tenantHeader = exchange.getRequestHeaders().getFirst("amperity-tenant");
    if (tenantHeader == null || tenantHeader.isBlank()) {
      throw ApiError.badRequest("missing amperity-tenant header");
    }
    if (!tenantHeader.equals(config.tenant())) {
      throw new ApiError(403, "access token not permitted for tenant '" + tenantHeader + "'");
    }
    String version = exchange.getRequestHeaders().getFirst("api-version");
    if (version == null) {
      version = RunsQuery.params(exchange.getRequestURI().getRawQuery()).get("api_version");
    }
    if (version == null) {
      throw ApiError.badRequest("unsupported api-version: none given; send 'api-version: "
          + config.apiVersion() + "'");
    }
    if (!version.equals(config.apiVersion())) {
      throw ApiError.badRequest("unsupported api-version '" + version + "'; supported: "
          + config.apiVersion());
    }
  }

  private Reply page(RunsQuery q, int offset, boolean repeat) {
    long now = tenant.nowMillis();
    if (faults.emptyAnswers) {
      return Reply.json(200, PageBody.build(tenant, RunSelection.none(), 0, q.limit, false, null,
          q.withTotal, now));
    }
    RunSelection sel = RunSelection.of(tenant, q, now, config.createdToInclusiveSeconds());
    long end = (long) offset + q.limit;
    String next = end < sel.size() ? pageTokens.encode(q.filterSignature(), (int) end) : null;
    switch (config.malformed()) {
      case NOT_JSON:
        return new Reply(200, Reply.JSON, NOT_JSON.getBytes(StandardCharsets.UTF_8));
      case HTML_PAGE:
        return new Reply(200, Reply.HTML, HTML_PAGE.getBytes(StandardCharsets.UTF_8));
      case NO_ENVELOPE:
        return Reply.json(200, PageBody.bareFirst(tenant, sel, offset, now));
      default:
        countServed(sel, offset, q.limit, repeat);
        return Reply.json(200,
            PageBody.build(tenant, sel, offset, q.limit, repeat, next, q.withTotal, now));
    }
  }

  /** Counts what the page serves that a test must see happen: a repeated run, malformed records. */
  private void countServed(RunSelection sel, int offset, int limit, boolean repeat) {
    boolean repeated = PageBody.repeats(sel, offset, repeat);
    int end = (int) Math.min((long) offset + limit, sel.size());
    int malformed = repeated && tenant.malformed(sel.get(offset - 1)) ? 1 : 0;
    for (int k = Math.min(offset, end); k < end; k++) {
      malformed += tenant.malformed(sel.get(k)) ? 1 : 0;
    }
    stats.pageServed(repeated, malformed);
  }

  private Reply tooMany(String requestId) {
    Reply r = Reply.error(429, "rate limit exceeded: " + faults.rateLimitPerSecond
        + " requests per second per tenant", requestId, null);
    if (config.retryAfterSeconds() != null) {
      r.header("Retry-After", Integer.toString(config.retryAfterSeconds()));
    }
    return r;
  }

  private static Reply serverError(int kind, String requestId) {
    switch (kind) {
      case 0:
        return Reply.error(500, "internal server error", requestId, "trace-" + requestId.substring(4));
      case 1:
        return Reply.badGatewayPage();
      default:
        return Reply.error(503, "service unavailable, try again later", requestId, null);
    }
  }

  private void pause(SplittableRandom draws, int extraMillis) throws InterruptedException {
    int min = faults.latencyMinMillis;
    int max = Math.max(min, faults.latencyMaxMillis);
    long millis = (max == 0 ? 0 : min + draws.nextInt(max - min + 1)) + extraMillis;
    if (millis > 0) {
      Thread.sleep(millis); // the server may sleep: it runs on its own large thread pool
    }
  }

  private void deprecate(Reply reply) {
    Instant now = tenant.config().clock().instant();
    reply.header("Deprecation", "@" + now.minusSeconds(86_400).getEpochSecond());
    reply.header("Sunset", DateTimeFormatter.RFC_1123_DATE_TIME.format(
        now.plusSeconds(183L * 86_400).atOffset(ZoneOffset.UTC)));
  }

  private String requestId(long n) {
    return "req-" + Long.toHexString(new SplittableRandom(config.seed() + n).nextLong() >>> 4);
  }

  private String traceId(long n) {
    return "trace-" + Long.toHexString(new SplittableRandom(~config.seed() + n).nextLong() >>> 4);
  }
}
