package com.amperityworkflowruns.io;

import com.amperityworkflowruns.model.TimeRanges;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a read will do, from one {@code with_total} request for the whole range (with a page of one
 * run, so nothing is read): its shards, its runs, the requests it will send and how long they take
 * at the rate limit. See {@link RunsApiIO.Read#plan()}.
 */
public final class ReadPlan {
  /** The shards the read starts with, as {@code [from, to)} in ISO 8601 UTC. */
  public final List<String> shards;
  /** Runs in the range, from the API's {@code total}. */
  public final long totalRuns;
  /** Requests the read should send without failures: the count, every page, partial last pages. */
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
    ShardPlanner planner = new ShardPlanner(config.pageSize, config.maxChainPages);
    List<Cursor> cursors = config.shardDuration == null
        ? planner.countSized(fromMicros, toMicros, total)
        : ShardPlanner.initialShards(fromMicros, toMicros, config.shardDuration.toMillis() * 1000);
    List<String> shards = new ArrayList<>();
    for (Cursor c : cursors) {
      shards.add("[" + TimeRanges.format(c.fromMicros) + ", " + TimeRanges.format(c.toMicros) + ")");
    }
    long pages = (total + config.pageSize - 1) / config.pageSize;
    // the count, every page, about half a partial last page per shard, and on a fixed grid a
    // split's wasted first page for every chain longer than maxChainPages
    long requests = 1 + pages + (cursors.size() + 1) / 2
        + (config.shardDuration == null ? 0 : Math.max(0, pages / config.maxChainPages - cursors.size()));
    return new ReadPlan(shards, total, requests, requests / jobRate, count.requests);
  }
}
