package com.amperityworkflowruns.pacing;

import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Notices when this JVM stopped running its threads: a garbage-collection pause, or a machine too
 * busy to schedule them. A thread sleeps {@link #TICK_NANOS} at a time; when it wakes more than
 * {@link #THRESHOLD_NANOS} late, every thread may have been stopped since it fell asleep, so a
 * request the dispatcher had just handed to the HTTP client may have reached the wire only when
 * the pause ended. The {@link RateBudget} then counts such a send as sent at the pause's end.
 *
 * <p>Measured on the page-size-1000 benchmark (docs/decisions.md): the dispatcher's late wake-ups
 * coincided with the job's own G1 pauses (37 in a 32-second read, up to 167 ms), and a pause
 * between a permit and the wire made a 429. The same pauses happen on a Dataflow worker, which
 * runs the downstream steps in the reader's JVM.
 *
 * <p>One per JVM ({@link #shared}); the thread runs only while a budget had a request to send within
 * {@link #IDLE_NANOS}, and keeps the latest {@value #KEPT} pauses for budgets to read with {@link
 * #forEachSince}. Thread-safe.
 */
public final class PauseDetector {
  /** How long the watching thread sleeps at a time. */
  static final long TICK_NANOS = 5_000_000L;
  /** A wake-up later than this beyond the tick is a pause (timer slack is well under 1 ms). */
  static final long THRESHOLD_NANOS = 5_000_000L;
  /** The thread stops watching after this long without a {@link #touch}. */
  static final long IDLE_NANOS = 10_000_000_000L;
  static final int KEPT = 64;

  /** Sleeps the calling thread; {@link LockSupport#parkNanos} here. */
  interface Sleeper {
    void sleep(long nanos);
  }

  /** Receives one pause: threads may have been stopped from {@code fromNanos} to {@code toNanos}. */
  interface PauseSink {
    void pause(long fromNanos, long toNanos);
  }

  private static final PauseDetector SHARED =
      new PauseDetector(System::nanoTime, LockSupport::parkNanos, PauseDetector::startDaemon);

  private final LongSupplier clock;
  private final Sleeper sleeper;
  private final Consumer<Runnable> starter;
  private final long[] froms = new long[KEPT];
  private final long[] tos = new long[KEPT];
  /** Pauses seen in all; pause {@code n} (1-based) is kept at {@code (n - 1) % KEPT}. */
  private long count;
  private long lastTouch;
  private boolean watching;
  private static final long UNSET = Long.MIN_VALUE;
  /**
   * When the watching thread last woke, or {@link #UNSET} before its first tick: each tick
   * measures from here, so a pause that falls between two ticks is seen as well. Only the
   * watching thread uses it.
   */
  private long lastWake = UNSET;

  /** {@code starter} runs the watching loop on a thread of its own. */
  PauseDetector(LongSupplier clock, Sleeper sleeper, Consumer<Runnable> starter) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.starter = starter;
  }

  private static void startDaemon(Runnable loop) {
    Thread t = new Thread(loop, "jvm-pause-detector");
    t.setDaemon(true);
    t.start();
  }

  /** The JVM's detector. */
  public static PauseDetector shared() {
    return SHARED;
  }

  /** A budget is in use: watch for pauses (starts the thread when it is not running). */
  synchronized void touch() {
    lastTouch = clock.getAsLong();
    if (!watching) {
      watching = true;
      try {
        starter.accept(this::watch);
      } catch (RuntimeException | OutOfMemoryError e) {
        watching = false; // no thread to spare: the budget works without (and tries again later)
      }
    }
  }

  /** Pauses seen so far. */
  synchronized long count() {
    return count;
  }

  /**
   * Hands {@code sink} every kept pause numbered after {@code seen} (older ones are forgotten:
   * they no longer matter to a one-second window); returns the count to pass next time.
   */
  synchronized long forEachSince(long seen, PauseSink sink) {
    for (long n = Math.max(seen, count - KEPT) + 1; n <= count; n++) {
      int i = (int) ((n - 1) % KEPT);
      sink.pause(froms[i], tos[i]);
    }
    return count;
  }

  /** One tick: sleeps, and records a pause if the wake-up came late; false once idle. */
  boolean tick() {
    long before = lastWake == UNSET ? clock.getAsLong() : lastWake;
    sleeper.sleep(TICK_NANOS);
    long after = clock.getAsLong();
    lastWake = after;
    synchronized (this) {
      if (after - before - TICK_NANOS > THRESHOLD_NANOS) {
        int i = (int) (count % KEPT);
        froms[i] = before;
        tos[i] = after;
        count++;
      }
      if (after - lastTouch > IDLE_NANOS) {
        watching = false;
        return false;
      }
      return true;
    }
  }

  private void watch() {
    lastWake = UNSET; // a thread started again measures from its own first tick
    boolean goesOn = true;
    try {
      while (goesOn) {
        goesOn = tick();
      }
    } finally {
      if (goesOn) {
        synchronized (this) {
          watching = false; // the loop failed: the next touch starts another
        }
      }
    }
  }
}
