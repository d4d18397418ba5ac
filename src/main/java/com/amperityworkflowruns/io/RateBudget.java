package com.amperityworkflowruns.io;

import java.util.function.LongSupplier;

/**
 * The requests-per-second budget shared by every request of a tenant in this JVM.
 *
 * <p>Two rules together: consecutive sends are at least {@code 1/rate} apart (smooth pacing, so
 * the server never sees a burst), and no sliding window of one second plus a small safety margin
 * holds more than {@code floor(rate)} sends (so jitter between our clock and the server's cannot
 * push a window over the limit). When the server still answers 429 (another client is using the
 * tenant's budget) the rate is cut multiplicatively, at most once per second, and recovers
 * additively on success (AIMD), instead of every request retrying in lockstep.
 */
final class RateBudget {
  static final long WINDOW_NANOS = 1_000_000_000L;
  /** Covers scheduling jitter between our send and the server's arrival timestamp. */
  static final long MARGIN_NANOS = 30_000_000L;
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
  private final long[] sends;
  private int head;
  private int count;
  private long lastSend;
  private double rate;
  private long lastCutNanos;

  RateBudget(double ratePerSecond, LongSupplier nanoClock) {
    if (!(ratePerSecond > 0)) {
      throw new IllegalArgumentException("rate must be positive: " + ratePerSecond);
    }
    this.maxRate = ratePerSecond;
    this.minRate = Math.min(ratePerSecond, 0.5);
    this.nanoClock = nanoClock;
    this.sends = new long[Math.max(1, (int) Math.floor(ratePerSecond))];
    this.rate = ratePerSecond;
    this.lastSend = Long.MIN_VALUE;
    this.lastCutNanos = nanoClock.getAsLong() - WINDOW_NANOS;
  }

  /** Nanoseconds until a request may be sent; 0 when one may be sent now. */
  synchronized long nanosUntilPermit() {
    long now = nanoClock.getAsLong();
    long wait = 0;
    if (lastSend != Long.MIN_VALUE) {
      wait = Math.max(wait, lastSend + (long) (1e9 / rate) - now);
    }
    int allowed = Math.max(1, Math.min(sends.length, (int) Math.floor(rate)));
    if (count >= allowed) {
      // the send that must leave the window before another may enter it
      long oldestRelevant = sends[(head - allowed + sends.length * 2) % sends.length];
      wait = Math.max(wait, oldestRelevant + WINDOW_NANOS + MARGIN_NANOS - now);
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

  /** A 429 arrived: cut the rate (at most once a second). */
  synchronized void onRateLimited() {
    long now = nanoClock.getAsLong();
    if (now - lastCutNanos >= WINDOW_NANOS) {
      rate = Math.max(minRate, rate * CUT);
      lastCutNanos = now;
    }
  }

  /** A request succeeded: recover towards the configured rate. */
  synchronized void onSuccess() {
    if (rate < maxRate) {
      rate = Math.min(maxRate, rate + RECOVERY);
    }
  }

  /** The rate in force now. */
  synchronized double currentRate() {
    return rate;
  }
}
