package com.amperityworkflowruns.io;

import com.amperityworkflowruns.fetch.Cursor;
import com.amperityworkflowruns.fetch.Outcome;
import com.amperityworkflowruns.fetch.PageFetcher;
import com.amperityworkflowruns.fetch.ShardPlanner;
import com.amperityworkflowruns.fetch.ShardReadException;
import com.amperityworkflowruns.model.TimeRanges;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What a read will do, from one {@code with_total} request for the whole range (with a page of one
 * run, so nothing is read; the read itself makes no such request): its shards, its runs, the requests it will send and how long they take
 * at the rate limit. See {@link RunsApiIO.Read#plan()}.
 */
public final class ReadPlan {
  /** The shards the read starts with, as {@code [from, to)} in ISO 8601 UTC. */
  public final List<String> shards;
  /** Runs in the range, from the API's {@code total}. */
  public final long totalRuns;
  /** Requests the read should send without failures: every page, partial last pages, splits. */
  public final long estimatedRequests;
  /** Seconds those requests take at the whole job's rate limit. */
  public final double secondsAtBudget;
  /** Requests sent to make this plan (the count, with its retries). */
  public final int requestsSpent;

  ReadPlan(List<String> shards, long totalRuns, long estimatedRequests, double secondsAtBudget,
      int requestsSpent) {
    this.shards = Collections.unmodifiableList(new ArrayList<>(shards));
    this.totalRuns = totalRuns;
    this.estimatedRequests = estimatedRequests;
    this.secondsAtBudget = secondsAtBudget;
    this.requestsSpent = requestsSpent;
  }

  /**
   * Every page, about half a partial last page per chain, and a split's wasted first page for every
   * starting shard longer than {@code maxChainPages} (runs taken as evenly spread over the shards).
   */
  static long estimatedRequests(ReadConfig config, long total, int startShards) {
    long pages = (total + config.pageSize - 1) / config.pageSize;
    double perShard = pages / (double) startShards;
    long chains = startShards;
    long wasted = 0;
    if (perShard > config.maxChainPages) {
      long target = new ShardPlanner(config.pageSize, config.maxChainPages).targetPages();
      chains = startShards * (long) Math.ceil(perShard / target);
      wasted = startShards;
    }
    return Math.max(pages, startShards) + (chains + 1) / 2 + wasted;
  }

  /**
   * How many shards a read of {@code [from, to)} starts on: the default grid without {@code
   * shardDuration}, else windows of that width (before any split by count).
   */
  public static int startingShards(Instant from, Instant to, @Nullable Duration shardDuration) {
    return startingCursors(TimeRanges.micros(from), TimeRanges.micros(to), shardDuration).size();
  }

  private static List<Cursor> startingCursors(
      long fromMicros, long toMicros, @Nullable Duration shardDuration) {
    return shardDuration == null
        ? ShardPlanner.grid(fromMicros, toMicros)
        : ShardPlanner.initialShards(fromMicros, toMicros, shardDuration.toMillis() * 1000);
  }

  /**
   * Plans the read of {@code config} over {@code [fromMicros, toMicros)} at a whole-job rate of
   * {@code jobRate} requests/s.
   *
   * @throws ShardReadException when the count fails for good (quoting the API's answer)
   */
  static ReadPlan of(ReadConfig config, long fromMicros, long toMicros, double jobRate)
      throws InterruptedException {
    ReadConfig counting = config.withPageSize(1);
    Cursor whole = Cursor.start(fromMicros, toMicros);
    PageFetcher fetcher = Fetchers.acquire(counting);
    Outcome count;
    try {
      count = RangeCount.count(fetcher, whole, counting);
    } finally {
      Fetchers.release(counting);
    }
    if (count.error != null) {
      throw new ShardReadException(whole, count.error);
    }
    long total = count.page.total == null ? 0 : count.page.total;
    List<Cursor> cursors = startingCursors(fromMicros, toMicros, config.shardDuration);
    List<String> shards = new ArrayList<>();
    for (Cursor c : cursors) {
      shards.add("[" + TimeRanges.format(c.fromMicros) + ", " + TimeRanges.format(c.toMicros) + ")");
    }
    long requests = estimatedRequests(config, total, cursors.size());
    return new ReadPlan(shards, total, requests, requests / jobRate, count.requests);
  }
}
