package com.amperityworkflowruns.io;

/**
 * How the rate answers another client on the tenant (429s our own sends do not explain): cut to
 * below what is left, stay there, probe up slowly, and climb fast once past the level where the
 * tenant was full, so that a neighbour that keeps sending meets a steady rate instead of a rate
 * that oscillates around its share, and a neighbour that left is noticed within seconds.
 *
 * <ul>
 *   <li><b>Descent.</b> A cut within {@link #HOLD_NANOS} of the last one (the last cut was not
 *       enough, or the first contention) multiplies the rate by {@link #CUT}, down to {@link
 *       #DEEP_BELOW} of the full rate; below that, by {@link #SETTLE}.
 *   <li><b>Settle.</b> A cut after that hold, while probing, comes from just above what is left:
 *       it multiplies by {@link #SETTLE} only.
 *   <li><b>Hold.</b> For {@link #HOLD_NANOS} after a cut the rate stays where the cut left it.
 *   <li><b>Probe.</b> Then it rises by {@link #PROBE_PER_SECOND} each second up to the rate at
 *       which the last contention showed (the ceiling), and past the ceiling by {@link
 *       #CLIMB_PER_SECOND}: with the neighbour gone, from 5 to 10 requests/s in about 12 + 6 + 4 s.
 * </ul>
 *
 * Not thread-safe: {@link RateBudget} holds its lock.
 */
final class NeighbourPacing {
  /** A cut during the descent. */
  static final double CUT = 0.8;
  /** A cut while probing above the settled rate. */
  static final double SETTLE = 0.9;
  /** At or below this share of the full rate, every cut is a {@link #SETTLE} cut. */
  static final double DEEP_BELOW = 0.6;
  /** How long the rate stays where a cut left it. */
  static final long HOLD_NANOS = 12_000_000_000L;
  /** Requests/s added per second while probing up to the ceiling. */
  static final double PROBE_PER_SECOND = 0.15;
  /** Requests/s added per second above the ceiling. */
  static final double CLIMB_PER_SECOND = 1.0;

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

  /** The rate after a success at {@code now}, from {@code rate}: held, probing or climbing. */
  double recover(double rate, long now) {
    if (!anyCut || rate >= maxRate) {
      return Math.min(rate, maxRate);
    }
    double probingFor = (now - lastCutNanos - HOLD_NANOS) / 1e9;
    if (probingFor <= 0) {
      return rate;
    }
    double toCeiling = Math.max(0, ceiling - base) / PROBE_PER_SECOND;
    double target = probingFor <= toCeiling
        ? base + PROBE_PER_SECOND * probingFor
        : Math.max(ceiling, base) + CLIMB_PER_SECOND * (probingFor - toCeiling);
    return Math.min(maxRate, Math.max(rate, target));
  }
}
