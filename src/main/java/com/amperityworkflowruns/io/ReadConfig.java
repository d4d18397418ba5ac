package com.amperityworkflowruns.io;

import java.io.Serializable;
import java.time.Duration;
import org.checkerframework.checker.nullness.qual.Nullable;

/** The immutable settings of one read, validated by {@link RunsApiIO.Read}; holds no secret. */
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

  ReadConfig(
      String baseUrl,
      String tenant,
      String apiVersion,
      String runsPath,
      Credentials credentials,
      int pageSize,
      double rateLimit,
      @Nullable String state,
      @Nullable String type,
      @Nullable Duration shardDuration,
      int maxRetries,
      Duration initialBackoff,
      Duration requestTimeout,
      int readAheadPages,
      int maxChainPages,
      RunsApiClient.Factory clientFactory,
      @Nullable String spoolDir,
      boolean resume,
      String readId) {
    this(baseUrl, tenant, apiVersion, runsPath, credentials, pageSize, rateLimit, state, type,
        shardDuration, maxRetries, initialBackoff, requestTimeout, readAheadPages, maxChainPages,
        clientFactory, spoolDir, resume, readId, ReadDefaults.DIRECT_POLL);
  }

  private ReadConfig(
      String baseUrl,
      String tenant,
      String apiVersion,
      String runsPath,
      Credentials credentials,
      int pageSize,
      double rateLimit,
      @Nullable String state,
      @Nullable String type,
      @Nullable Duration shardDuration,
      int maxRetries,
      Duration initialBackoff,
      Duration requestTimeout,
      int readAheadPages,
      int maxChainPages,
      RunsApiClient.Factory clientFactory,
      @Nullable String spoolDir,
      boolean resume,
      String readId,
      Duration pollInterval) {
    this.pollInterval = pollInterval;
    this.baseUrl = baseUrl;
    this.tenant = tenant;
    this.apiVersion = apiVersion;
    this.runsPath = runsPath;
    this.credentials = credentials;
    this.pageSize = pageSize;
    this.rateLimit = rateLimit;
    this.state = state;
    this.type = type;
    this.shardDuration = shardDuration;
    this.maxRetries = maxRetries;
    this.initialBackoff = initialBackoff;
    this.requestTimeout = requestTimeout;
    this.readAheadPages = readAheadPages;
    this.maxChainPages = maxChainPages;
    this.clientFactory = clientFactory;
    this.spoolDir = spoolDir;
    this.resume = resume;
    this.readId = readId;
  }

  /** The same settings with another poll interval. */
  ReadConfig withPollInterval(Duration poll) {
    return new ReadConfig(baseUrl, tenant, apiVersion, runsPath, credentials, pageSize, rateLimit,
        state, type, shardDuration, maxRetries, initialBackoff, requestTimeout, readAheadPages,
        maxChainPages, clientFactory, spoolDir, resume, readId, poll);
  }

  /** The same settings with another page size (the dry run counts with pages of one run). */
  ReadConfig withPageSize(int size) {
    return new ReadConfig(baseUrl, tenant, apiVersion, runsPath, credentials, size, rateLimit,
        state, type, shardDuration, maxRetries, initialBackoff, requestTimeout, readAheadPages,
        maxChainPages, clientFactory, spoolDir, resume, readId + "-count", pollInterval);
  }

  /** The key of the tenant's rate budget: every read of one tenant in a JVM shares it. */
  String budgetKey() {
    return baseUrl + "|" + tenant + "|" + rateLimit;
  }
}
