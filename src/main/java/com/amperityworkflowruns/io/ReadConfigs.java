package com.amperityworkflowruns.io;

import java.time.Duration;

/**
 * Turns the settings of a {@link RunsApiIO.Read} into the {@link ReadConfig} its readers run
 * with: checks that the required settings are there (naming the {@code withX} call that sets
 * them), gives each worker its share of the rate budget, and starts a new read id, so that the
 * DoFn instances of one read (and only they) share one fetcher in a JVM.
 */
final class ReadConfigs {
  private ReadConfigs() {}

  /**
   * The settings of a read of a created range, for {@code workers} readers each waiting at most
   * {@code pollInterval} for a page per call.
   *
   * @throws IllegalArgumentException naming the missing {@code withX} call
   */
  static ReadConfig forRange(RunsApiIO.Read read, int workers, Duration pollInterval) {
    ReadConfig config = connection(read, workers, pollInterval);
    require(read.createdFrom() != null, "withCreatedRange() is required");
    return config;
  }

  /**
   * The settings without a created range (all that {@link FollowRuns} needs), for {@code workers}
   * readers each waiting at most {@code pollInterval} for a page per call.
   *
   * @throws IllegalArgumentException naming the missing {@code withX} call
   */
  static ReadConfig connection(RunsApiIO.Read read, int workers, Duration pollInterval) {
    require(read.baseUrl() != null, "withBaseUrl() is required");
    require(read.tenant() != null, "withTenant() is required");
    require(read.credentials() != null, "withCredentials() is required");
    return ReadConfig.builder()
        .baseUrl(read.baseUrl())
        .tenant(read.tenant())
        .apiVersion(read.apiVersion())
        .runsPath(read.runsPath())
        .credentials(read.credentials())
        .pageSize(read.pageSize())
        .rateLimit(RateBudgets.perWorker(read.rateLimit(), workers))
        .state(read.state())
        .type(read.type())
        .shardDuration(read.shardDuration())
        .maxRetries(read.maxRetries())
        .initialBackoff(read.initialBackoff())
        .requestTimeout(read.requestTimeout())
        .readAheadPages(read.readAheadPages())
        .maxChainPages(read.maxChainPages())
        .clientFactory(read.clientFactory())
        .spoolDir(read.spoolDir())
        .resume(read.resume())
        .pollInterval(pollInterval)
        .redis(read.redisLimiter(), read.rateLimit())
        .build();
  }

  /** The explicit worker count, else 1: one reader, as on the Direct runner. */
  static int workersOrOne(RunsApiIO.Read read) {
    return read.workers() == null ? 1 : read.workers();
  }

  /** The explicit poll interval, else the Direct runner's ({@link ReadDefaults#DIRECT_POLL}). */
  static Duration pollOrDirect(RunsApiIO.Read read) {
    return read.pollInterval() == null ? ReadDefaults.DIRECT_POLL : read.pollInterval();
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
