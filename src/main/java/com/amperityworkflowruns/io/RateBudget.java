package com.amperityworkflowruns.io;

import java.util.function.LongSupplier;

/**
 * The requests-per-second budget shared by every request of a tenant in this JVM.
 *
 * <p>Two rules together: consecutive sends are at least {@code 1/rate} apart (smooth pacing, so
 * the server never sees a burst), and no sliding window of one second plus a margin holds more than
 * {@code floor(rate)} sends. The margin covers the varying delay between our send and the moment
 * the API's limiter counts the request (scheduling here, the network there). It starts at {@link
 * #BASE_MARGIN_NANOS} (enough on loopback) and is learned from 429s: a 429 for a request sent with
 * the margin in force shows that the delay varied by more than the gap between that send and the
 * {@code floor(rate)}-th send before it exceeded one second, so the margin grows to that excess
 * plus {@link #MARGIN_STEP_NANOS}; it shrinks back slowly ({@link #MARGIN_DECAY_NANOS} per success)
 * so that a passing spike does not cost throughput for the rest of the job.
 *
 * <p>When the server still answers 429 (another client is using the tenant's budget) the rate is
 * also cut multiplicatively, at most once per second, and recovers additively on success (AIMD),
 * instead of every request retrying in lockstep. A {@code Retry-After} pauses the whole budget.
 */
final class RateBudget {
  static final long WINDOW_NANOS = 1_000_000_000L;
  /** The margin to start from: covers scheduling jitter on loopback (measured, docs/decisions.md). */
  static final long BASE_MARGIN_NANOS = 30_000_000L;
  /** Added to the observed excess on a 429. */
  static final long MARGIN_STEP_NANOS = 20_000_000L;
  /** The margin never grows beyond this (a quarter of the budget). */
  static final long MAX_MARGIN_NANOS = 250_000_000L;
  /** Taken off the margin per success: about 6 ms a minute at 10 requests/s. */
  static final long MARGIN_DECAY_NANOS = 10_000L;
  /**
   * The first request of a JVM leaves late (class loading, connection set-up: ~80 ms measured
   * here), so it counts in the window as if sent this much later; costs a few permits once.
   */
  static final long FIRST_SEND_ALLOWANCE_NANOS = 300_000_000L;

  /** Multiplicative cut on a 429. */
  static final double CUT = 0.8;
  /** Additive recovery per success (requests per second). */
  static final double RECOVERY = 0.1;

  private final double maxRate;
  private final double minRate;
  private final LongSupplier nanoClock;
  /** The latest sends, newest at {@code head - 1}; longer than a window so 429s can be placed. */
  private final long[] sends;
  private final int perWindow;
  private int head;
  private int count;
  private long lastSend;
  private double rate;
  private long lastCutNanos;
  private long marginNanos = BASE_MARGIN_NANOS;
  private long marginRaisedAt;
  private long pausedUntil;

  RateBudget(double ratePerSecond, LongSupplier nanoClock) {
    if (!(ratePerSecond > 0)) {
      throw new IllegalArgumentException("rate must be positive: " + ratePerSecond);
    }
    this.maxRate = ratePerSecond;
    this.minRate = Math.min(ratePerSecond, 0.5);
    this.nanoClock = nanoClock;
    this.perWindow = Math.max(1, (int) Math.floor(ratePerSecond));
    this.sends = new long[Math.min(4096, perWindow * 4)];
    this.rate = ratePerSecond;
    this.lastSend = Long.MIN_VALUE;
    long now = nanoClock.getAsLong();
    this.lastCutNanos = now - WINDOW_NANOS;
    this.marginRaisedAt = now - 1;
    this.pausedUntil = now;
  }

  /** Nanoseconds until a request may be sent; 0 when one may be sent now. */
  synchronized long nanosUntilPermit() {
    long now = nanoClock.getAsLong();
    long wait = pausedUntil - now;
    if (lastSend != Long.MIN_VALUE) {
      wait = Math.max(wait, lastSend + (long) (1e9 / rate) - now);
    }
    int allowed = Math.max(1, Math.min(perWindow, (int) Math.floor(rate)));
    if (count >= allowed) {
      // the send that must leave the window before another may enter it
      wait = Math.max(wait, sendBack(allowed) + WINDOW_NANOS + marginNanos - now);
    }
    return Math.max(0, wait);
  }

  /** Takes a permit if one is free now. */
  synchronized boolean tryAcquire() {
    if (nanosUntilPermit() > 0) {
      return false;
    }
    long now = nanoClock.getAsLong();
    sends[head] = lastSend == Long.MIN_VALUE ? now + FIRST_SEND_ALLOWANCE_NANOS : now;
    head = (head + 1) % sends.length;
    count = Math.min(count + 1, sends.length);
    lastSend = now;
    return true;
  }

  /** A 429 arrived for a request whose send time is unknown: cut the rate. */
  synchronized void onRateLimited() {
    cut(nanoClock.getAsLong());
  }

  /**
   * A 429 arrived for the request sent at {@code sentAtNanos}: cut the rate (at most once a
   * second) and, if it was sent with the current margin in force, learn a larger margin.
   */
  synchronized void onRateLimited(long sentAtNanos) {
    long now = nanoClock.getAsLong();
    cut(now);
    if (sentAtNanos - marginRaisedAt <= 0) {
      return; // sent before the last raise: already accounted for
    }
    long excess = marginNanos;
    for (int back = 1; back <= count; back++) {
      long t = sendBack(back);
      if (t - sentAtNanos < 0) {
        // t is the first send before this one; the perWindow-th before it bounds the window
        int k = back + perWindow - 1;
        if (k <= count) {
          excess = Math.max(excess, sentAtNanos - sendBack(k) - WINDOW_NANOS);
        }
        break;
      }
    }
    marginNanos = Math.min(MAX_MARGIN_NANOS, excess + MARGIN_STEP_NANOS);
    marginRaisedAt = now;
  }

  /** The server asked for a pause ({@code Retry-After}): no request leaves before it ends. */
  synchronized void pauseFor(long millis) {
    if (millis > 0) {
      pausedUntil = Math.max(pausedUntil, nanoClock.getAsLong() + millis * 1_000_000);
    }
  }

  /** A request succeeded: recover towards the configured rate and the base margin. */
  synchronized void onSuccess() {
    if (rate < maxRate) {
      rate = Math.min(maxRate, rate + RECOVERY);
    }
    marginNanos = Math.max(BASE_MARGIN_NANOS, marginNanos - MARGIN_DECAY_NANOS);
  }

  /** The rate in force now. */
  synchronized double currentRate() {
    return rate;
  }

  /** The window's margin in force now. */
  synchronized long marginNanos() {
    return marginNanos;
  }

  private void cut(long now) {
    if (now - lastCutNanos >= WINDOW_NANOS) {
      rate = Math.max(minRate, rate * CUT);
      lastCutNanos = now;
    }
  }

  /** The {@code back}-th most recent send (1 = the latest); {@code back <= count}. */
  private long sendBack(int back) {
    return sends[((head - back) % sends.length + sends.length) % sends.length];
  }
}
