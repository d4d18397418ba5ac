package com.amperityworkflowruns.io;

import com.amperityworkflowruns.api.ApiException;
import com.amperityworkflowruns.fetch.Outcome;
import com.amperityworkflowruns.fetch.PageFetcher;
import com.amperityworkflowruns.pacing.SharedBudget;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/** The reader's Beam counters; incremented on the processing thread only. */
final class ReadCounters {
  /** Namespace of every counter of this product. */
  static final String NAMESPACE = "amperity";

  final Counter requests = Metrics.counter(NAMESPACE, "requests");
  final Counter pages = Metrics.counter(NAMESPACE, "pages");
  final Counter runsRead = Metrics.counter(NAMESPACE, "runs_read");
  final Counter rateLimited = Metrics.counter(NAMESPACE, "responses_429");
  final Counter retries = Metrics.counter(NAMESPACE, "retries");
  final Counter shardsAdded = Metrics.counter(NAMESPACE, "shards_added_by_splits");
  final Counter shardsDone = Metrics.counter(NAMESPACE, "shards_done");
  final Counter shardsSplit = Metrics.counter(NAMESPACE, "shards_split");
  final Counter shardsResumed = Metrics.counter(NAMESPACE, "shards_resumed");
  final Counter shardRestarts = Metrics.counter(NAMESPACE, "shard_restarts");
  final Counter pagesPlanned = Metrics.counter(NAMESPACE, "pages_planned");
  final Counter pagesResumed = Metrics.counter(NAMESPACE, "pages_resumed");
  final Counter runsOutsideRange = Metrics.counter(NAMESPACE, "runs_outside_range");
  /** Times a JVM lost its shared (Redis) budget and fell back to its local share. */
  final Counter rateLimiterFallbacks = Metrics.counter(NAMESPACE, "rate_limiter_fallbacks");
  /** Requests sent within the local share while the shared budget was unreachable. */
  final Counter requestsOnFallback = Metrics.counter(NAMESPACE, "requests_on_fallback_budget");
  final Counter throttled =
      Metrics.counter(Metrics.THROTTLE_TIME_NAMESPACE, Metrics.THROTTLE_TIME_COUNTER_NAME);
  private final Map<ApiException.Kind, Counter> retriesByCause =
      new EnumMap<>(ApiException.Kind.class);

  ReadCounters() {
    for (ApiException.Kind kind : ApiException.Kind.values()) {
      retriesByCause.put(
          kind, Metrics.counter(NAMESPACE, "retries_" + kind.name().toLowerCase(Locale.ROOT)));
    }
  }

  /** Counts the fallbacks of the shared budget since the last call (see {@link SharedBudget}). */
  void recordFallbacks(PageFetcher fetcher) {
    rateLimiterFallbacks.inc(fetcher.drainFallbacks());
    requestsOnFallback.inc(fetcher.drainFallbackPermits());
  }

  /** Counts what one page request cost: requests, retries by cause and 429s. */
  void record(Outcome outcome) {
    requests.inc(outcome.requests);
    for (Map.Entry<ApiException.Kind, Integer> e : outcome.retries.entrySet()) {
      retriesByCause.get(e.getKey()).inc(e.getValue());
      retries.inc(e.getValue());
      if (e.getKey() == ApiException.Kind.RATE_LIMITED) {
        rateLimited.inc(e.getValue());
      }
    }
    if (outcome.error != null && outcome.error.kind() == ApiException.Kind.RATE_LIMITED) {
      rateLimited.inc();
    }
  }
}
