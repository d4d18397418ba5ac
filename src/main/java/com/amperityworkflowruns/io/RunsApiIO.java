package com.amperityworkflowruns.io;

import com.amperityworkflowruns.model.TimeRanges;

import com.amperityworkflowruns.model.RawRun;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Impulse;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads workflow runs from Amperity's {@code GET /workflow/runs}.
 *
 * <pre>{@code
 * PCollection<RawRun> runs =
 *     pipeline.apply("ReadRuns",
 *         RunsApiIO.read()
 *             .withBaseUrl("https://acme.amperity.com/api")
 *             .withTenant("acme")
 *             .withCredentials(Credentials.tokenFile("/secrets/amperity-token"))
 *             .withCreatedRange(Instant.parse("2024-01-01T00:00:00Z"),
 *                               Instant.parse("2024-02-01T00:00:00Z")));
 * }</pre>
 *
 * <p>Every run created in the range is emitted at least once (pages may repeat a run; deduplicate
 * by id downstream) in no particular order. All requests of the read share one rate budget per
 * JVM ({@link #withRateLimit}, divided by {@link Read#withWorkers} on multi-worker runners).
 */
public final class RunsApiIO {
  private RunsApiIO() {}

  /** A read with the defaults documented on each {@code withX} method. */
  public static Read read() {
    return new Read();
  }

  /** The read transform; immutable, every {@code withX} returns a validated copy. */
  public static final class Read extends PTransform<PBegin, PCollection<RawRun>> {
    private @Nullable String baseUrl;
    private @Nullable String tenant;
    private String apiVersion = "2024-04-01";
    private String runsPath = "/workflow/runs";
    private @Nullable Credentials credentials;
    private @Nullable Instant createdFrom;
    private @Nullable Instant createdTo;
    private @Nullable String state;
    private @Nullable String type;
    private int pageSize = 100;
    private double rateLimit = 10;
    private int workers = 1;
    private Duration shardDuration = Duration.ofDays(7);
    private int maxRetries = 8;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private int readAheadPages = 8;
    private int maxChainPages = 30;
    private RunsApiClient.Factory clientFactory = HttpRunsApiClient.factory();
    private @Nullable String spoolDir;
    private boolean resume;

    private Read() {}

    private Read copy() {
      Read r = new Read();
      r.baseUrl = baseUrl;
      r.tenant = tenant;
      r.apiVersion = apiVersion;
      r.runsPath = runsPath;
      r.credentials = credentials;
      r.createdFrom = createdFrom;
      r.createdTo = createdTo;
      r.state = state;
      r.type = type;
      r.pageSize = pageSize;
      r.rateLimit = rateLimit;
      r.workers = workers;
      r.shardDuration = shardDuration;
      r.maxRetries = maxRetries;
      r.initialBackoff = initialBackoff;
      r.requestTimeout = requestTimeout;
      r.readAheadPages = readAheadPages;
      r.maxChainPages = maxChainPages;
      r.clientFactory = clientFactory;
      r.spoolDir = spoolDir;
      r.resume = resume;
      return r;
    }

    /** A copy with one change applied: every {@code withX} returns one. */
    private Read with(java.util.function.Consumer<Read> change) {
      Read r = copy();
      change.accept(r);
      return r;
    }

    /** The API base, e.g. {@code https://acme.amperity.com/api}; {@code http} only to loopback. */
    public Read withBaseUrl(String url) {
      return with(r -> r.baseUrl = checkBaseUrl(url));
    }

    /** The tenant id sent as {@code amperity-tenant}. Required. */
    public Read withTenant(String tenant) {
      require(tenant != null && !tenant.isBlank(), "withTenant() needs a tenant id");
      return with(r -> r.tenant = tenant);
    }

    /** The {@code api-version} header; default {@code 2024-04-01}. */
    public Read withApiVersion(String version) {
      require(version != null && !version.isBlank(), "withApiVersion() needs a version");
      return with(r -> r.apiVersion = version);
    }

    /** The endpoint path under the base URL; default {@code /workflow/runs}. */
    public Read withRunsPath(String path) {
      require(path != null && path.startsWith("/"), "withRunsPath() needs a path starting with /");
      return with(r -> r.runsPath = path);
    }

    /** Where the secret is found (never the secret itself). Required. */
    public Read withCredentials(Credentials credentials) {
      require(credentials != null, "withCredentials() needs credentials");
      return with(r -> r.credentials = credentials);
    }

    /** Runs created in {@code [from, to)}, truncated to milliseconds. Required. */
    public Read withCreatedRange(Instant from, Instant to) {
      require(from != null && to != null, "withCreatedRange() needs both ends");
      Instant f = from.truncatedTo(ChronoUnit.MILLIS);
      Instant t = to.truncatedTo(ChronoUnit.MILLIS);
      require(f.isBefore(t), "createdFrom (" + f + ") must be before createdTo (" + t + ")");
      return with(r -> {
        r.createdFrom = f;
        r.createdTo = t;
      });
    }

    /** Only runs in this state (the API's {@code state} filter); default all. */
    public Read withState(@Nullable String state) {
      return with(r -> r.state = state == null || state.isBlank() ? null : state);
    }

    /** Only runs of this raw workflow type (the API's {@code type} filter); default all. */
    public Read withType(@Nullable String type) {
      return with(r -> r.type = type == null || type.isBlank() ? null : type);
    }

    /** The API's {@code limit}, runs per page; default 100. */
    public Read withPageSize(int pageSize) {
      require(pageSize >= 1 && pageSize <= 10_000, "pageSize must be 1..10000, got " + pageSize);
      return with(r -> r.pageSize = pageSize);
    }

    /** Requests per second for the whole job; default 10, the API's limit per tenant. */
    public Read withRateLimit(double perSecond) {
      require(perSecond > 0 && perSecond <= 1000, "rateLimit must be in (0, 1000], got " + perSecond);
      return with(r -> r.rateLimit = perSecond);
    }

    /** Workers that read at once (Dataflow's maxNumWorkers); each gets rateLimit / workers. Default 1. */
    public Read withWorkers(int workers) {
      require(workers >= 1, "workers must be at least 1, got " + workers);
      return with(r -> r.workers = workers);
    }

    /** Width of the initial shards; default 7 days. Busy shards are split further by count. */
    public Read withShardDuration(Duration d) {
      require(d != null && d.toMillis() >= 1, "shardDuration must be at least 1 ms");
      return with(r -> r.shardDuration = d);
    }

    /** Retries of one request on 429, 5xx, time-outs and dropped connections; default 8. */
    public Read withMaxRetries(int n) {
      require(n >= 0, "maxRetries must be >= 0");
      return with(r -> r.maxRetries = n);
    }

    /** First back-off of a retry (doubling, jittered, capped at 30 s); default 500 ms. */
    public Read withInitialBackoff(Duration d) {
      require(d != null && !d.isNegative(), "initialBackoff must be >= 0");
      return with(r -> r.initialBackoff = d);
    }

    /** Time-out of one request; default 60 s. */
    public Read withRequestTimeout(Duration d) {
      require(d != null && d.toMillis() > 0, "requestTimeout must be positive");
      return with(r -> r.requestTimeout = d);
    }

    /** Pages fetched ahead of the reader along each shard's cursor chain; default 8. */
    public Read withReadAheadPages(int n) {
      require(n >= 0, "readAheadPages must be >= 0");
      return with(r -> r.readAheadPages = n);
    }

    /** Longest shard read as one cursor chain before it is split; default 30 pages. */
    public Read withMaxChainPages(int n) {
      require(n >= 1, "maxChainPages must be >= 1");
      return with(r -> r.maxChainPages = n);
    }

    /**
     * Keeps every page read under {@code dir} (local or {@code gs://}); with {@code resume}, shards
     * completed there by an earlier, interrupted run are replayed instead of read. Default: off.
     */
    public Read withResumeSpool(String dir, boolean resume) {
      require(dir != null && !dir.isBlank(), "withResumeSpool() needs a directory");
      return with(r -> {
        r.spoolDir = dir;
        r.resume = resume;
      });
    }

    Read withClientFactory(RunsApiClient.Factory factory) {
      return with(r -> r.clientFactory = factory);
    }

    /** The settings the reader runs with; checks that the required ones are set. */
    ReadConfig config() {
      ReadConfig connection = connectionConfig();
      require(createdFrom != null, "withCreatedRange() is required");
      return connection;
    }

    /** The settings without a created range: all that {@link FollowRuns} needs. */
    ReadConfig connectionConfig() {
      require(baseUrl != null, "withBaseUrl() is required");
      require(tenant != null, "withTenant() is required");
      require(credentials != null, "withCredentials() is required");
      return new ReadConfig(
          baseUrl,
          tenant,
          apiVersion,
          runsPath,
          credentials,
          pageSize,
          RateBudgets.perWorker(rateLimit, workers),
          state,
          type,
          shardDuration,
          maxRetries,
          initialBackoff,
          requestTimeout,
          readAheadPages,
          maxChainPages,
          clientFactory,
          spoolDir,
          resume,
          UUID.randomUUID().toString());
    }

    @Override
    public PCollection<RawRun> expand(PBegin input) {
      ReadConfig config = config();
      RunsQuery query =
          new RunsQuery(TimeRanges.micros(createdFrom), TimeRanges.micros(createdTo));
      return input
          .apply("Start", Impulse.create())
          .apply("Query", ParDo.of(new EmitQuery(query)))
          .apply("ReadPages", ParDo.of(new ReadRunsFn(config)))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), ListCoder.of(StringUtf8Coder.of())))
          .apply("ExplodePages", ParDo.of(new ExplodePages()));
    }

    /** One element per run of a page, tagged with its shard's start date. */
    private static final class ExplodePages extends DoFn<KV<String, List<String>>, RawRun> {
      @ProcessElement
      public void process(@Element KV<String, List<String>> page, OutputReceiver<RawRun> out) {
        for (String run : page.getValue()) {
          out.output(new RawRun(run, page.getKey()));
        }
      }
    }

    /** Emits the query once; Impulse then a DoFn avoids Create's split of its input. */
    private static final class EmitQuery extends DoFn<byte[], RunsQuery> {
      private final RunsQuery query;

      EmitQuery(RunsQuery query) {
        this.query = query;
      }

      @ProcessElement
      public void process(OutputReceiver<RunsQuery> out) {
        out.output(query);
      }
    }
  }

  /**
   * Checks a base URL: absolute, no trailing slash, and {@code https} unless the host is loopback.
   *
   * @throws IllegalArgumentException naming the fix
   */
  public static String checkBaseUrl(String url) {
    require(url != null && !url.isBlank(), "baseUrl is empty");
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("baseUrl '" + url + "' is not a URL", e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    require(uri.getHost() != null, "baseUrl '" + url + "' has no host");
    if (scheme.equals("http")) {
      require(
          isLoopback(uri.getHost()),
          "baseUrl '" + url + "' uses http:// to a non-loopback host: use https://");
    } else {
      require(scheme.equals("https"), "baseUrl '" + url + "' must be https://");
    }
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
