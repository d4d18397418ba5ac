package com.amperityworkflowruns.io;

import com.amperityworkflowruns.api.BaseUrls;
import com.amperityworkflowruns.api.Credentials;
import com.amperityworkflowruns.api.HttpRunsApiClient;
import com.amperityworkflowruns.api.RunsApiClient;
import com.amperityworkflowruns.model.RawRun;
import com.amperityworkflowruns.model.TimeRanges;
import com.amperityworkflowruns.pacing.RedisLimiter;
import com.google.auto.value.AutoValue;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.collect.ImmutableList;
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
    return new AutoValue_RunsApiIO_Read.Builder()
        .setApiVersion("2024-04-01")
        .setRunsPath("/workflow/runs")
        .setPageSize(100)
        .setRateLimit(10)
        .setMaxRetries(8)
        .setInitialBackoff(Duration.ofMillis(500))
        .setRequestTimeout(Duration.ofSeconds(60))
        .setReadAheadPages(8)
        .setMaxChainPages(32)
        .setClientFactory(HttpRunsApiClient.factory())
        .setResume(false)
        .setExtraDays(ImmutableList.of())
        .build();
  }

  /**
   * The read transform: immutable settings (AutoValue), every {@code withX} returns a validated
   * copy through {@link #toBuilder}, so a setting added later cannot be dropped by a copy.
   */
  @AutoValue
  public abstract static class Read extends PTransform<PBegin, PCollection<RawRun>> {
    abstract @Nullable String baseUrl();
    abstract @Nullable String tenant();
    abstract String apiVersion();
    abstract String runsPath();
    abstract @Nullable Credentials credentials();
    abstract @Nullable Instant createdFrom();
    abstract @Nullable Instant createdTo();
    /** Whole UTC days read besides the range (days refreshed by a nightly job); sorted. */
    abstract ImmutableList<LocalDate> extraDays();
    abstract @Nullable String state();
    abstract @Nullable String type();
    abstract int pageSize();
    abstract double rateLimit();
    /** Workers reading at once; null: derived from the pipeline options in {@link #expand}. */
    abstract @Nullable Integer workers();
    /** Width of the initial shards; null: sized from the count of the whole range. */
    abstract @Nullable Duration shardDuration();
    abstract int maxRetries();
    abstract Duration initialBackoff();
    abstract Duration requestTimeout();
    abstract int readAheadPages();
    abstract int maxChainPages();
    /** The bounded poll of a reader call; null: derived from the runner in {@link #expand}. */
    abstract @Nullable Duration pollInterval();
    abstract RunsApiClient.Factory clientFactory();
    abstract @Nullable String spoolDir();
    abstract boolean resume();
    /** The tenant's budget shared through Redis; null: each JVM keeps its share. */
    abstract @Nullable RedisLimiter redisLimiter();

    abstract Builder toBuilder();

    @AutoValue.Builder
    abstract static class Builder {
      abstract Builder setBaseUrl(String v);
      abstract Builder setTenant(String v);
      abstract Builder setApiVersion(String v);
      abstract Builder setRunsPath(String v);
      abstract Builder setCredentials(Credentials v);
      abstract Builder setCreatedFrom(Instant v);
      abstract Builder setCreatedTo(Instant v);
      abstract Builder setExtraDays(ImmutableList<LocalDate> v);
      abstract Builder setState(@Nullable String v);
      abstract Builder setType(@Nullable String v);
      abstract Builder setPageSize(int v);
      abstract Builder setRateLimit(double v);
      abstract Builder setWorkers(Integer v);
      abstract Builder setShardDuration(Duration v);
      abstract Builder setMaxRetries(int v);
      abstract Builder setInitialBackoff(Duration v);
      abstract Builder setRequestTimeout(Duration v);
      abstract Builder setReadAheadPages(int v);
      abstract Builder setMaxChainPages(int v);
      abstract Builder setPollInterval(Duration v);
      abstract Builder setClientFactory(RunsApiClient.Factory v);
      abstract Builder setSpoolDir(String v);
      abstract Builder setResume(boolean v);
      abstract Builder setRedisLimiter(@Nullable RedisLimiter v);
      abstract Read build();
    }

    /** The API base, e.g. {@code https://acme.amperity.com/api}; {@code http} only to loopback. */
    public Read withBaseUrl(String url) {
      return toBuilder().setBaseUrl(checkBaseUrl(url)).build();
    }

    /** The tenant id sent as {@code amperity-tenant}. Required. */
    public Read withTenant(String tenant) {
      require(tenant != null && !tenant.isBlank(), "withTenant() needs a tenant id");
      return toBuilder().setTenant(tenant).build();
    }

    /** The {@code api-version} header; default {@code 2024-04-01}. */
    public Read withApiVersion(String version) {
      require(version != null && !version.isBlank(), "withApiVersion() needs a version");
      return toBuilder().setApiVersion(version).build();
    }

    /** The endpoint path under the base URL; default {@code /workflow/runs}. */
    public Read withRunsPath(String path) {
      require(path != null && path.startsWith("/"), "withRunsPath() needs a path starting with /");
      return toBuilder().setRunsPath(path).build();
    }

    /** Where the secret is found (never the secret itself). Required. */
    public Read withCredentials(Credentials credentials) {
      require(credentials != null, "withCredentials() needs credentials");
      return toBuilder().setCredentials(credentials).build();
    }

    /** Runs created in {@code [from, to)}, truncated to milliseconds. Required. */
    public Read withCreatedRange(Instant from, Instant to) {
      require(from != null && to != null, "withCreatedRange() needs both ends");
      Instant f = from.truncatedTo(ChronoUnit.MILLIS);
      Instant t = to.truncatedTo(ChronoUnit.MILLIS);
      require(f.isBefore(t), "createdFrom (" + f + ") must be before createdTo (" + t + ")");
      return toBuilder().setCreatedFrom(f).setCreatedTo(t).build();
    }

    /**
     * Also reads these whole UTC days outside the range, each as its own shard: the days a job
     * refreshes because runs created on them ended since they were last read ({@link
     * #endedSince}). Days inside the range are ignored. Default none.
     */
    public Read withExtraDays(java.util.Collection<LocalDate> days) {
      require(days != null, "withExtraDays() needs a collection (empty for none)");
      java.util.TreeSet<LocalDate> sorted = new java.util.TreeSet<>(days);
      return toBuilder().setExtraDays(ImmutableList.copyOf(sorted)).build();
    }

    /**
     * The UTC days on which runs were created in {@code [createdFrom, createdTo)} that ended at or
     * after {@code endedFrom}, with this read's filters, through the same budget and retries: one
     * request when there are none.
     */
    public EndedSince endedSince(Instant createdFrom, Instant createdTo, Instant endedFrom)
        throws InterruptedException {
      require(createdFrom.isBefore(createdTo), "endedSince() needs createdFrom < createdTo");
      return EndedSince.read(config(), TimeRanges.micros(createdFrom),
          TimeRanges.micros(createdTo), TimeRanges.micros(endedFrom));
    }

    /** Only runs in this state (the API's {@code state} filter); default all. */
    public Read withState(@Nullable String state) {
      return toBuilder().setState(state == null || state.isBlank() ? null : state).build();
    }

    /** Only runs of this raw workflow type (the API's {@code type} filter); default all. */
    public Read withType(@Nullable String type) {
      return toBuilder().setType(type == null || type.isBlank() ? null : type).build();
    }

    /** The API's {@code limit}, runs per page; default 100. */
    public Read withPageSize(int pageSize) {
      require(pageSize >= 1 && pageSize <= 10_000, "pageSize must be 1..10000, got " + pageSize);
      return toBuilder().setPageSize(pageSize).build();
    }

    /** Requests per second for the whole job; default 10, the API's limit per tenant. */
    public Read withRateLimit(double perSecond) {
      require(perSecond > 0 && perSecond <= 1000, "rateLimit must be in (0, 1000], got " + perSecond);
      return toBuilder().setRateLimit(perSecond).build();
    }

    /**
     * Workers that read at once; each gets {@code rateLimit / workers}. Default: derived in {@link
     * #expand} from the pipeline options (1 on the Direct runner, {@code --maxNumWorkers} on
     * Dataflow); on any other runner the read refuses to expand without it.
     */
    public Read withWorkers(int workers) {
      require(workers >= 1, "workers must be at least 1, got " + workers);
      return toBuilder().setWorkers(workers).build();
    }

    /**
     * Cuts the range into shards of this width first (busy shards are still split by count).
     * Default: none; the read starts at once on 16 shards of equal width (one a day for shorter
     * ranges), each split by its own count when it holds more than {@code maxChainPages} pages.
     */
    public Read withShardDuration(Duration d) {
      require(d != null && d.toMillis() >= 1, "shardDuration must be at least 1 ms");
      return toBuilder().setShardDuration(d).build();
    }

    /** Retries of one request on 429, 5xx, time-outs and dropped connections; default 8. */
    public Read withMaxRetries(int n) {
      require(n >= 0, "maxRetries must be >= 0");
      return toBuilder().setMaxRetries(n).build();
    }

    /** First back-off of a retry (doubling, jittered, capped at 30 s); default 500 ms. */
    public Read withInitialBackoff(Duration d) {
      require(d != null && !d.isNegative(), "initialBackoff must be >= 0");
      return toBuilder().setInitialBackoff(d).build();
    }

    /** Time-out of one request; default 60 s. */
    public Read withRequestTimeout(Duration d) {
      require(d != null && d.toMillis() > 0, "requestTimeout must be positive");
      return toBuilder().setRequestTimeout(d).build();
    }

    /** Pages fetched ahead of the reader along each shard's cursor chain; default 8. */
    public Read withReadAheadPages(int n) {
      require(n >= 0, "readAheadPages must be >= 0");
      return toBuilder().setReadAheadPages(n).build();
    }

    /** Longest shard read as one cursor chain before it is split; default 30 pages. */
    public Read withMaxChainPages(int n) {
      require(n >= 1, "maxChainPages must be >= 1");
      return toBuilder().setMaxChainPages(n).build();
    }

    /**
     * Longest a reader call waits for a page before it checkpoints. Default: derived in {@link
     * #expand} from the runner ({@link ReadDefaults#pollInterval}): 5 s on Dataflow, where a
     * checkpoint costs a state write and may move the residual to another worker; 250 ms on the
     * Direct runner, whose calls wait for each other at every checkpoint round.
     */
    public Read withPollInterval(Duration d) {
      require(d != null && d.toMillis() >= 1 && d.toMillis() <= 60_000,
          "pollInterval must be 1 ms to 60 s");
      return toBuilder().setPollInterval(d).build();
    }

    /**
     * Keeps every page read under {@code dir} (local or {@code gs://}); with {@code resume}, shards
     * completed there by an earlier, interrupted run are replayed instead of read. Default: off.
     */
    public Read withResumeSpool(String dir, boolean resume) {
      require(dir != null && !dir.isBlank(), "withResumeSpool() needs a directory");
      return toBuilder().setSpoolDir(dir).setResume(resume).build();
    }

    /**
     * Shares the tenant's budget through Redis with every reader of every job that uses the same
     * server: each JVM may then use the whole {@link #withRateLimit} (no division by workers), and
     * all of them together keep it. While Redis does not answer, a JVM reads with its share,
     * {@code rateLimit / workers}, and returns to Redis when it answers again. Default: none, each
     * JVM keeps its share ({@code --rateLimiter=local}).
     */
    public Read withRedisLimiter(@Nullable RedisLimiter redis) {
      return toBuilder().setRedisLimiter(redis).build();
    }

    Read withClientFactory(RunsApiClient.Factory factory) {
      return toBuilder().setClientFactory(factory).build();
    }

    /**
     * The settings without a created range, for one reader with the whole rate budget (whatever
     * {@link #withWorkers} says): all that {@link FollowRuns} needs.
     */
    ReadConfig connectionConfig() {
      return ReadConfigs.connection(this, 1, ReadConfigs.pollOrDirect(this));
    }

    private long[] extraDayStarts() {
      return extraDays().stream()
          .mapToLong(d -> TimeRanges.micros(d.atStartOfDay(java.time.ZoneOffset.UTC).toInstant()))
          .toArray();
    }

    /** The settings for a single reader on the Direct runner (tests, the benchmark's loop). */
    ReadConfig config() {
      return ReadConfigs.forRange(
          this, ReadConfigs.workersOrOne(this), ReadConfigs.pollOrDirect(this));
    }

    /**
     * Plans this read without reading it: one {@code with_total} request for the whole range
     * (a page of one run) through the same budget and retries; see {@link ReadPlan}. {@code
     * jobRate} is the whole job's rate limit, for the time estimate.
     */
    public ReadPlan plan() throws InterruptedException {
      return ReadPlan.of(config(), TimeRanges.micros(createdFrom()), TimeRanges.micros(createdTo()),
          rateLimit());
    }

    @Override
    public PCollection<RawRun> expand(PBegin input) {
      PipelineOptions options = input.getPipeline().getOptions();
      ReadConfig config =
          ReadConfigs.forRange(
              this,
              workers() != null ? workers() : ReadDefaults.workers(options),
              pollInterval() != null ? pollInterval() : ReadDefaults.pollInterval(options));
      return ReadSteps.read(input, config,
          new RunsQuery(TimeRanges.micros(createdFrom()), TimeRanges.micros(createdTo()),
              extraDayStarts()));
    }
  }

  /**
   * Checks a base URL: absolute, no trailing slash, and {@code https} unless the host is loopback.
   *
   * @throws IllegalArgumentException naming the fix
   */
  public static String checkBaseUrl(String url) {
    return BaseUrls.check(url);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
