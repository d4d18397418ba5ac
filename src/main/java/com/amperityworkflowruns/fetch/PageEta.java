package com.amperityworkflowruns.fetch;

import com.amperityworkflowruns.api.PageRequest;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When a page may be final, for the reader's resume delay: a moving average of answer latency
 * (fed by {@link Answers}), and each page's wait by its state: half a latency in flight, the rest
 * of its back-off plus a latency when backing off, and a latency plus half the queue ahead at the
 * current rate when queued. A rough figure: it only sets how soon a checkpointed reader looks
 * again, never what it reads.
 */
final class PageEta {
  /** The latency assumed before the first answer. */
  static final long INITIAL_LATENCY_MILLIS = 500;

  private final AtomicLong latencyEwmaMillis = new AtomicLong(INITIAL_LATENCY_MILLIS);

  /** Counts one answer's latency, weighted 1/8 against the earlier ones. */
  void onAnswer(long latencyMillis) {
    latencyEwmaMillis.set((latencyEwmaMillis.get() * 7 + latencyMillis) / 8);
  }

  /** The moving average of answer latency. */
  long latencyMillis() {
    return latencyEwmaMillis.get();
  }

  /**
   * A rough wait, in milliseconds, until one of the given pages may be final: 0 when one is final
   * or unknown (nothing to wait for). Call under the table's lock.
   */
  long etaMillis(Iterable<PageRequest> requests, PageTable table, double ratePerSecond, long now) {
    long best = Long.MAX_VALUE;
    long latency = latencyMillis();
    for (PageRequest r : requests) {
      PageTask t = table.get(r);
      if (t == null || t.outcome != null) {
        return 0;
      }
      long eta;
      switch (t.status) {
        case IN_FLIGHT:
          eta = latency / 2;
          break;
        case BACKING_OFF:
          eta = (t.dueNanos - now) / 1_000_000 + latency;
          break;
        default:
          eta = latency + (long) (table.queued() * 1000 / ratePerSecond / 2);
      }
      best = Math.min(best, eta);
    }
    return best == Long.MAX_VALUE ? 0 : best;
  }
}
