package com.amperityworkflowruns.simulator;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe counters behind {@link SimulatorStats}. */
final class StatsRecorder {
  /** Outcome of a request that got no answer. */
  static final int DROPPED = -1;

  private final LongAdder requests = new LongAdder();
  private final LongAdder ok200 = new LongAdder();
  private final LongAdder tooMany429 = new LongAdder();
  private final LongAdder serverErrors5xx = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder clientErrors4xx = new LongAdder();
  private final LongAdder tokenRequests = new LongAdder();
  private final LongAdder repeatedPages = new LongAdder();
  private final LongAdder refusedTokens = new LongAdder();
  private final LongAdder malformedServed = new LongAdder();
  private final SlidingWindow arrivals = new SlidingWindow();
  private final AtomicInteger peakRequests = new AtomicInteger();
  private final AtomicInteger peakAdmitted = new AtomicInteger();
  private static final long UNSET = Long.MIN_VALUE;
  private final AtomicLong firstNanos = new AtomicLong(UNSET);
  private final AtomicLong lastNanos = new AtomicLong(UNSET);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicLong sequence = new AtomicLong();

  /** Records an arrival at the runs endpoint; returns its sequence number (for fault draws). */
  long arrival(long now) {
    requests.increment();
    // handler threads may record arrivals out of order: the earliest is the first
    firstNanos.accumulateAndGet(now, (first, t) -> first == UNSET || t - first < 0 ? t : first);
    lastNanos.accumulateAndGet(now, Math::max);
    peakRequests.accumulateAndGet(arrivals.tryAdd(now, 0), Math::max);
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    return sequence.getAndIncrement();
  }

  /** Records that a request was admitted with {@code inWindow} admissions in the last second. */
  void admitted(int inWindow) {
    peakAdmitted.accumulateAndGet(inWindow, Math::max);
  }

  /** Records that a request is no longer being handled. */
  void done() {
    inFlight.decrementAndGet();
  }

  /**
   * Records the answer's status (or {@link #DROPPED}); called before the answer is sent, so that
   * a client that got its answer sees it counted.
   */
  void answered(int status) {
    if (status == DROPPED) {
      dropped.increment();
    } else if (status == 200) {
      ok200.increment();
    } else if (status == 429) {
      tooMany429.increment();
    } else if (status >= 500) {
      serverErrors5xx.increment();
    } else if (status >= 400) {
      clientErrors4xx.increment();
    }
  }

  void tokenRequest() {
    tokenRequests.increment();
  }

  /** Records a page served: whether it repeated a run, and how many malformed records it held. */
  void pageServed(boolean repeated, int malformed) {
    if (repeated) {
      repeatedPages.increment();
    }
    malformedServed.add(malformed);
  }

  /** Records a {@code next_token} refused by fault injection. */
  void tokenRefused() {
    refusedTokens.increment();
  }

  SimulatorStats snapshot() {
    return new SimulatorStats(requests.sum(), ok200.sum(), tooMany429.sum(), serverErrors5xx.sum(),
        dropped.sum(), clientErrors4xx.sum(), tokenRequests.sum(), peakRequests.get(),
        peakAdmitted.get(), orZero(firstNanos.get()), orZero(lastNanos.get()), maxInFlight.get(),
        new SimulatorStats.Faults(repeatedPages.sum(), refusedTokens.sum(), malformedServed.sum()));
  }

  private static long orZero(long nanos) {
    return nanos == UNSET ? 0 : nanos;
  }

  /** Zeroes every counter; the request sequence keeps counting so fault draws never repeat. */
  void reset() {
    for (LongAdder a : new LongAdder[] {requests, ok200, tooMany429, serverErrors5xx, dropped,
        clientErrors4xx, tokenRequests, repeatedPages, refusedTokens, malformedServed}) {
      a.reset();
    }
    arrivals.clear();
    peakRequests.set(0);
    peakAdmitted.set(0);
    firstNanos.set(UNSET);
    lastNanos.set(UNSET);
    maxInFlight.set(inFlight.get());
  }
}
