package com.amperityworkflowruns.pacing;

/**
 * The sends this JVM took from the shared window lately, and how much later than recorded each
 * left. The store records a send when it grants it, but its answer may reach this JVM late (the
 * dispatcher thread waited for a core), and a pause of the JVM ({@link PauseDetector}) may hold
 * the request back after it. The store must then count the send from when it left, or a send that
 * any JVM is granted a window after it could reach the API less than a second after it; the
 * window's margin covers only lateness up to {@link #TOLERATED_NANOS}.
 *
 * <p>Lateness is measured from when the grant was asked for, the earliest the store can have
 * recorded it, so a correction never falls short. Not thread-safe: {@link SharedBudget} holds its
 * lock.
 */
final class LateSends {
  /** Lateness the window's margin absorbs: not worth a call to the store. */
  static final long TOLERATED_NANOS = RateBudget.WIRE_NANOS;
  /** Sends remembered: more than any window holds, so every send that still counts is here. */
  static final int KEPT = 64;

  private final long[] ids = new long[KEPT];
  private final long[] asked = new long[KEPT];
  private final long[] answered = new long[KEPT];
  /** How much later the store has been told to count each send. */
  private final long[] counted = new long[KEPT];
  /** How much later still, not told yet. */
  private final long[] owed = new long[KEPT];
  private long taken;

  /** Send {@code id} was granted: asked for at {@code askedAt}, answered at {@code answeredAt}. */
  void taken(long id, long askedAt, long answeredAt) {
    int i = (int) (taken++ % KEPT);
    ids[i] = id;
    asked[i] = askedAt;
    answered[i] = answeredAt;
    counted[i] = 0;
    owed[i] = 0;
    leavesAt(id, answeredAt);
  }

  /**
   * Send {@code id} leaves at {@code leavesAt}; true when the store must be told first (see {@link
   * #flush}).
   */
  boolean leavesAt(long id, long leavesAt) {
    int i = indexOf(id);
    return i >= 0 && owe(i, leavesAt - asked[i]);
  }

  /**
   * This JVM's threads may have stood still from {@code fromNanos} to {@code toNanos}: a send
   * whose grant was read within {@link RateBudget#WIRE_NANOS} before, or during, may have left
   * only at the end (the rule {@link RateBudget} applies to its own window).
   */
  void paused(long fromNanos, long toNanos) {
    for (int k = 0; k < Math.min(taken, KEPT); k++) {
      if (answered[k] - (fromNanos - RateBudget.WIRE_NANOS) >= 0 && answered[k] - toNanos < 0) {
        owe(k, toNanos - asked[k]);
      }
    }
  }

  private boolean owe(int i, long lateness) {
    if (lateness > TOLERATED_NANOS && lateness > counted[i] + owed[i]) {
      owed[i] = lateness - counted[i];
    }
    return owed[i] > 0;
  }

  /** Tells {@code slots} every lateness owed. */
  void flush(TenantSlots slots) throws TenantSlots.Unavailable {
    for (int k = 0; k < Math.min(taken, KEPT); k++) {
      if (owed[k] > 0) {
        slots.countLater(ids[k], owed[k]);
        counted[k] += owed[k];
        owed[k] = 0;
      }
    }
  }

  /**
   * The send whose grant was asked for first at or after {@code nanos} (a dispatcher asks right
   * after it reads the clock it dates the request with), or -1 when none is remembered.
   */
  long takenAtOrAfter(long nanos) {
    long found = -1;
    long foundAt = 0;
    for (int k = 0; k < Math.min(taken, KEPT); k++) {
      if (asked[k] - nanos >= 0 && (found < 0 || asked[k] - foundAt < 0)) {
        found = ids[k];
        foundAt = asked[k];
      }
    }
    return found;
  }

  private int indexOf(long id) {
    for (int k = 0; k < Math.min(taken, KEPT); k++) {
      if (ids[k] == id) {
        return k;
      }
    }
    return -1;
  }
}
