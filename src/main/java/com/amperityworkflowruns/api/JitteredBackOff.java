package com.amperityworkflowruns.api;

/**
 * Exponential back-off with jitter, computed as Beam's {@code FluentBackoff} computes it (so that
 * retries keep their timing without Beam): the n-th delay is {@code min(initial * exponent^n,
 * max)}, moved by a uniformly random share of up to half of itself either way, and rounded to a
 * millisecond. It never returns {@link BackOff#STOP}: {@code FluentBackoff.DEFAULT}'s limits
 * (2^31 - 1 retries, 1,000 days in all) are out of reach, and {@link RetryPolicy} counts the
 * attempts.
 */
final class JitteredBackOff implements BackOff {
  /** Beam's {@code FluentBackoff} randomization factor. */
  private static final double RANDOMIZATION = 0.5;

  private final long initialMillis;
  private final long maxMillis;
  private final double exponent;
  private int retries;

  JitteredBackOff(long initialMillis, long maxMillis, double exponent) {
    if (initialMillis < 1 || maxMillis < 1 || !(exponent > 0)) {
      throw new IllegalArgumentException("JitteredBackOff needs initial and max >= 1 ms and"
          + " exponent > 0: " + initialMillis + ", " + maxMillis + ", " + exponent);
    }
    this.initialMillis = initialMillis;
    this.maxMillis = maxMillis;
    this.exponent = exponent;
  }

  @Override
  public long nextBackOffMillis() {
    double interval = Math.min(initialMillis * Math.pow(exponent, retries), maxMillis);
    double offset = (Math.random() * 2 - 1) * RANDOMIZATION * interval;
    retries++;
    return Math.round(interval + offset);
  }
}
