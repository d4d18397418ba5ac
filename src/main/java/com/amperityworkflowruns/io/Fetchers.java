package com.amperityworkflowruns.io;

import com.amperityworkflowruns.api.RunsApiClient;
import com.amperityworkflowruns.fetch.PageFetcher;
import com.amperityworkflowruns.fetch.ShardPlanner;
import com.amperityworkflowruns.pacing.RequestBudget;
import java.util.HashMap;
import java.util.Map;

/**
 * One {@link PageFetcher} per read in this JVM, shared by all the reader's DoFn instances and
 * closed when the last of them is torn down.
 */
final class Fetchers {
  private static final class Shared {
    final PageFetcher fetcher;
    int users;

    Shared(PageFetcher fetcher) {
      this.fetcher = fetcher;
    }
  }

  private static final Map<String, Shared> SHARED = new HashMap<>();

  private Fetchers() {}

  static synchronized PageFetcher acquire(ReadConfig config) {
    Shared shared = SHARED.get(config.readId);
    if (shared == null) {
      RunsApiClient client = config.clientFactory.create(config.clientSettings());
      ShardPlanner planner = new ShardPlanner(config.pageSize, config.maxChainPages);
      RequestBudget budget = RateBudgets.forConfig(config);
      budget.learnConnectNanos(client.connectNanos());
      PageFetcher fetcher =
          new PageFetcher(
              client,
              budget,
              config.maxRetries,
              org.joda.time.Duration.millis(config.initialBackoff.toMillis()),
              config.readAheadPages,
              config.pageSize,
              planner,
              System::nanoTime,
              chainLeaseNanos(config.pollInterval));
      shared = new Shared(fetcher);
      SHARED.put(config.readId, shared);
    }
    shared.users++;
    return shared.fetcher;
  }

  /**
   * How long read-ahead of a chain survives without a reader asking about it: a few poll
   * intervals plus the longest resume delay and room for the runner's scheduling. 3 s on the
   * Direct runner (250 ms polls), 22 s on Dataflow (5 s polls).
   */
  static long chainLeaseNanos(java.time.Duration pollInterval) {
    return pollInterval.toNanos() * 4 + 2_000_000_000L;
  }

  static synchronized void release(ReadConfig config) {
    Shared shared = SHARED.get(config.readId);
    if (shared != null && --shared.users == 0) {
      SHARED.remove(config.readId);
      shared.fetcher.close();
    }
  }
}
