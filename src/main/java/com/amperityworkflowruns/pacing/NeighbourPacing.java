package com.amperityworkflowruns.pacing;

/**
 * How the rate answers another client on the tenant (429s our own sends do not explain): drop
 * well below what is left at once, stay there, and look for more room only now and then, so that
 * a neighbour that keeps sending meets a steady rate, and a neighbour that left is noticed within
 * seconds.
 *
 * <p>Why so low and so rarely: the API's window is strict, and a neighbour sending a steady 4/s
 * has 5 requests in some one-second windows (its own timing varies by a few milliseconds). Our
 * rate hurts it as soon as we put 6 in a window, above 5/s, while we meet 429s ourselves only
 * from about 6/s (the neighbour's requests are the ones arriving into a full window). So the
 * level where our 429s show is above what the neighbour can bear, and every probe above it costs
 * the neighbour 429s (docs/decisions.md).
 *
 * <ul>
 *   <li><b>Descent.</b> The first contention, or one within {@link #HOLD_NANOS} of the last cut
 *       while above {@link #DEEP_BELOW} of the full rate, multiplies the rate by {@link #CUT}.
 *   <li><b>Settle.</b> Any other cut multiplies by {@link #SETTLE}: below the level where
 *       contention showed by as much as that level exceeds what the neighbour leaves.
 *   <li><b>Hold.</b> For {@link #HOLD_NANOS} after a cut the rate stays where the cut left it.
 *   <li><b>Probe.</b> Then it rises by {@link #PROBE_PER_SECOND} each second, or faster if that
 *       would take longer than {@link #PROBE_NANOS}, up to the rate at which the last contention
 *       showed (the ceiling), and past the ceiling by {@link #CLIMB_PER_SECOND}: with the neighbour
 *       gone, the full rate is back at most {@link #HOLD_NANOS} + {@link #PROBE_NANOS} + 2 s after
 *       the last cut, 36 s; in {@code Benchmark shared}, 6 s after a neighbour at 4/s stopped
 *       (median of three).
 * </ul>
 *
 * Not thread-safe: {@link RateBudget} holds its lock.
 */
final class NeighbourPacing {
  /** A cut during the descent: halving, as TCP does, so that the neighbour's 429s stop at once. */
  static final double CUT = 0.5;
  /** A cut while probing, or low: to 3/4 of the rate where contention showed. */
  static final double SETTLE = 0.75;
  /** At or below this share of the full rate, every cut is a {@link #SETTLE} cut. */
  static final double DEEP_BELOW = 0.6;
  /** How long the rate stays where a cut left it. */
  static final long HOLD_NANOS = 22_000_000_000L;
  /** Requests/s added per second while probing up to the ceiling, at least. */
  static final double PROBE_PER_SECOND = 0.2;
  /** The probe reaches the ceiling within this, faster than {@link #PROBE_PER_SECOND} if need. */
  static final long PROBE_NANOS = 12_000_000_000L;
  /** Requests/s added per second above the ceiling. */
  static final double CLIMB_PER_SECOND = 2.0;

  private final double maxRate;
  private final double minRate;
  private boolean anyCut;
  private long lastCutNanos;
  private double base;
  private double ceiling;

  NeighbourPacing(double maxRate, double minRate) {
    this.maxRate = maxRate;
    this.minRate = minRate;
  }

  /** The rate after contention showed at {@code rate}. */
  double cut(double rate, long now) {
    // below DEEP_BELOW of the full rate the descent goes on gently: the other client's bursts,
    // not our rate, are then the likelier cause
    boolean probing = anyCut && now - lastCutNanos >= HOLD_NANOS || rate <= DEEP_BELOW * maxRate;
    anyCut = true;
    lastCutNanos = now;
    ceiling = rate;
    base = Math.max(minRate, rate * (probing ? SETTLE : CUT));
    return base;
  }

  /**
   * Takes over a cut that another reader of the tenant made at {@code at} (this clock): left at
   * {@code base}, below {@code ceiling}, where contention showed; held, probed and climbed back
   * from there as if it had been made here.
   */
  void adopt(double base, double ceiling, long at) {
    anyCut = true;
    lastCutNanos = at;
    this.base = base;
    this.ceiling = ceiling;
  }

  /** Where contention last showed (the rate at the last cut); 0 before any. */
  double ceiling() {
    return ceiling;
  }

  /** The rate after a success at {@code now}, from {@code rate}: held, probing or climbing. */
  double recover(double rate, long now) {
    if (!anyCut || rate >= maxRate) {
      return Math.min(rate, maxRate);
    }
    double probingFor = (now - lastCutNanos - HOLD_NANOS) / 1e9;
    if (probingFor <= 0) {
      return rate;
    }
    double gap = Math.max(0, ceiling - base);
    double perSecond = Math.max(PROBE_PER_SECOND, gap / (PROBE_NANOS / 1e9));
    double toCeiling = gap / perSecond;
    double target = probingFor <= toCeiling
        ? base + perSecond * probingFor
        : Math.max(ceiling, base) + CLIMB_PER_SECOND * (probingFor - toCeiling);
    return Math.min(maxRate, Math.max(rate, target));
  }
}
