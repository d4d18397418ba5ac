package com.amperityworkflowruns.io;

import com.amperityworkflowruns.api.ClientSettings;
import com.amperityworkflowruns.api.Credentials;
import com.amperityworkflowruns.api.RunsApiClient;
import com.amperityworkflowruns.fetch.PageFetcher;
import com.amperityworkflowruns.pacing.RedisLimiter;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The immutable settings of one read, validated by {@link RunsApiIO.Read}; holds no secret. Built
 * with {@link #builder} (or {@link #toBuilder}, to change a copy), so that no caller lists every
 * field and a field added later cannot be dropped by a copy.
 */
final class ReadConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  final String baseUrl;
  final String tenant;
  final String apiVersion;
  final String runsPath;
  final Credentials credentials;
  final int pageSize;
  /** Requests per second for this JVM (the job's budget divided among workers). */
  final double rateLimit;
  final @Nullable String state;
  final @Nullable String type;
  /** Width of the initial shards, or null: sized from the count of the whole range. */
  final @Nullable Duration shardDuration;
  final int maxRetries;
  final Duration initialBackoff;
  final Duration requestTimeout;
  final int readAheadPages;
  /** Longest cursor chain read as one shard; longer shards are split (see ShardPlanner). */
  final int maxChainPages;
  final RunsApiClient.Factory clientFactory;
  /** Where read pages are kept for --resume, or null. */
  final @Nullable String spoolDir;
  /** Whether completed shards found in the spool are replayed instead of read. */
  final boolean resume;
  /** Identifies the read within a JVM, so all DoFn instances of one job share one fetcher. */
  final String readId;
  /**
   * Longest a reader call waits for a page before it checkpoints; also sizes read-ahead (a chain
   * not polled for a few poll intervals has moved away, see {@link PageFetcher}).
   */
  final Duration pollInterval;
  /** The tenant's budget shared through Redis, or null: this JVM keeps {@link #rateLimit}. */
  final @Nullable RedisLimiter redis;
  /** With {@link #redis}: the whole job's rate, which every JVM may use; else 0. */
  final double sharedRate;

  private ReadConfig(Builder b) {
    this.baseUrl = Objects.requireNonNull(b.baseUrl, "baseUrl");
    this.tenant = Objects.requireNonNull(b.tenant, "tenant");
    this.apiVersion = Objects.requireNonNull(b.apiVersion, "apiVersion");
    this.runsPath = Objects.requireNonNull(b.runsPath, "runsPath");
    this.credentials = Objects.requireNonNull(b.credentials, "credentials");
    this.pageSize = b.pageSize;
    this.rateLimit = b.rateLimit;
    this.state = b.state;
    this.type = b.type;
    this.shardDuration = b.shardDuration;
    this.maxRetries = b.maxRetries;
    this.initialBackoff = Objects.requireNonNull(b.initialBackoff, "initialBackoff");
    this.requestTimeout = Objects.requireNonNull(b.requestTimeout, "requestTimeout");
    this.readAheadPages = b.readAheadPages;
    this.maxChainPages = b.maxChainPages;
    this.clientFactory = Objects.requireNonNull(b.clientFactory, "clientFactory");
    this.spoolDir = b.spoolDir;
    this.resume = b.resume;
    this.readId = b.readId != null ? b.readId : UUID.randomUUID().toString();
    this.pollInterval = Objects.requireNonNull(b.pollInterval, "pollInterval");
    this.redis = b.redis;
    this.sharedRate = b.redis == null ? 0 : b.sharedRate;
    if (redis != null && !(sharedRate > 0)) {
      throw new IllegalArgumentException("ReadConfig with Redis needs sharedRate > 0");
    }
    if (pageSize < 1 || rateLimit <= 0 || maxChainPages < 1) {
      throw new IllegalArgumentException(
          "ReadConfig needs pageSize >= 1, rateLimit > 0 and maxChainPages >= 1");
    }
  }

  /**
   * Settings with nothing set but the poll interval ({@link ReadDefaults#DIRECT_POLL}) and a new
   * read id; {@link RunsApiIO.Read} sets the rest from its documented defaults.
   */
  static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings (the read id included: the copy shares the fetcher). */
  Builder toBuilder() {
    Builder b = new Builder();
    b.baseUrl = baseUrl;
    b.tenant = tenant;
    b.apiVersion = apiVersion;
    b.runsPath = runsPath;
    b.credentials = credentials;
    b.pageSize = pageSize;
    b.rateLimit = rateLimit;
    b.state = state;
    b.type = type;
    b.shardDuration = shardDuration;
    b.maxRetries = maxRetries;
    b.initialBackoff = initialBackoff;
    b.requestTimeout = requestTimeout;
    b.readAheadPages = readAheadPages;
    b.maxChainPages = maxChainPages;
    b.clientFactory = clientFactory;
    b.spoolDir = spoolDir;
    b.resume = resume;
    b.readId = readId;
    b.pollInterval = pollInterval;
    b.redis = redis;
    b.sharedRate = sharedRate;
    return b;
  }

  /** The same settings with another page size (the dry run counts with pages of one run). */
  ReadConfig withPageSize(int size) {
    return toBuilder().pageSize(size).readId(readId + "-count").build();
  }

  /** The key of the tenant's rate budget: every read of one tenant in a JVM shares it. */
  String budgetKey() {
    return baseUrl + "|" + tenant + "|" + rateLimit
        + (redis == null ? "" : "|" + redis.address() + "|" + sharedRate);
  }

  /** What the read's API client needs of these settings. */
  ClientSettings clientSettings() {
    return new ClientSettings(baseUrl, tenant, apiVersion, runsPath, credentials, pageSize,
        state, type, requestTimeout);
  }

  /** Sets the fields of a {@link ReadConfig}; {@link #build} checks the required ones. */
  static final class Builder {
    private @Nullable String baseUrl;
    private @Nullable String tenant;
    private @Nullable String apiVersion;
    private @Nullable String runsPath;
    private @Nullable Credentials credentials;
    private int pageSize;
    private double rateLimit;
    private @Nullable String state;
    private @Nullable String type;
    private @Nullable Duration shardDuration;
    private int maxRetries;
    private @Nullable Duration initialBackoff;
    private @Nullable Duration requestTimeout;
    private int readAheadPages;
    private int maxChainPages;
    private RunsApiClient.@Nullable Factory clientFactory;
    private @Nullable String spoolDir;
    private boolean resume;
    private @Nullable String readId;
    private Duration pollInterval = ReadDefaults.DIRECT_POLL;
    private @Nullable RedisLimiter redis;
    private double sharedRate;

    private Builder() {}

    Builder baseUrl(String v) { baseUrl = v; return this; }
    Builder tenant(String v) { tenant = v; return this; }
    Builder apiVersion(String v) { apiVersion = v; return this; }
    Builder runsPath(String v) { runsPath = v; return this; }
    Builder credentials(Credentials v) { credentials = v; return this; }
    Builder pageSize(int v) { pageSize = v; return this; }
    /** Requests per second for this JVM, not the whole job's. */
    Builder rateLimit(double v) { rateLimit = v; return this; }
    Builder state(@Nullable String v) { state = v; return this; }
    Builder type(@Nullable String v) { type = v; return this; }
    Builder shardDuration(@Nullable Duration v) { shardDuration = v; return this; }
    Builder maxRetries(int v) { maxRetries = v; return this; }
    Builder initialBackoff(Duration v) { initialBackoff = v; return this; }
    Builder requestTimeout(Duration v) { requestTimeout = v; return this; }
    Builder readAheadPages(int v) { readAheadPages = v; return this; }
    Builder maxChainPages(int v) { maxChainPages = v; return this; }
    Builder clientFactory(RunsApiClient.Factory v) { clientFactory = v; return this; }
    Builder spoolDir(@Nullable String v) { spoolDir = v; return this; }
    Builder resume(boolean v) { resume = v; return this; }
    Builder readId(String v) { readId = v; return this; }
    Builder pollInterval(Duration v) { pollInterval = v; return this; }
    /** Shares the tenant's budget through Redis; {@code rate} is the whole job's. */
    Builder redis(@Nullable RedisLimiter v, double rate) { redis = v; sharedRate = rate; return this; }

    /** The settings; a read id is chosen if none was set. */
    ReadConfig build() {
      return new ReadConfig(this);
    }
  }
}
