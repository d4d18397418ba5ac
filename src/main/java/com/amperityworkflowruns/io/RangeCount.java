package com.amperityworkflowruns.io;

import com.amperityworkflowruns.api.PageRequest;
import com.amperityworkflowruns.api.RetryPolicy;
import com.amperityworkflowruns.fetch.Cursor;
import com.amperityworkflowruns.fetch.Outcome;
import com.amperityworkflowruns.fetch.PageFetcher;
import java.util.concurrent.TimeUnit;

/**
 * Counts the runs of a range with one {@code with_total} request through the shared fetcher (so
 * within the budget, with its retries): the first page of the whole range. Used to size the shards
 * before reading, and by the dry run.
 */
final class RangeCount {
  private RangeCount() {}

  /** The outcome of the whole range's first page; waits for it as long as its retries may take. */
  static Outcome count(PageFetcher fetcher, Cursor whole, ReadConfig config)
      throws InterruptedException {
    PageRequest request = whole.request();
    fetcher.requestAlone(request, Integer.MAX_VALUE / 2);
    long timeoutNanos = TimeUnit.SECONDS.toNanos(
        (config.requestTimeout.toSeconds() + RetryPolicy.MAX_BACKOFF.getStandardSeconds())
            * (config.maxRetries + 1));
    Outcome outcome = fetcher.await(request, timeoutNanos);
    if (outcome == null) {
      throw new IllegalStateException(
          "counting the runs of " + whole + " took longer than its retries can: " + timeoutNanos
              / 1_000_000_000L + " s");
    }
    return outcome;
  }
}
