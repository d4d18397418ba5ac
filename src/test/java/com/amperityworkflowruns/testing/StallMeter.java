package com.amperityworkflowruns.testing;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * How long this JVM's threads waited for a core while a measurement ran: a thread sleeps 5 ms at a
 * time and adds up how much later than asked it woke. On a machine that other work keeps busy, a
 * test's threads (and those of the simulator it talks to) wait too: a request reaches the
 * simulator that much after it left, and the sends after it go out late. Timing figures then
 * measure the machine as much as the code, and the tests of the shared rate budget allow for it
 * ({@link #BUSY}, docs/decisions.md).
 */
public final class StallMeter implements AutoCloseable {
  /** Above this share of the time spent waiting for a core, the machine counts as busy. */
  public static final double BUSY = 0.05;
  /** The share of requests that may meet a 429 on a busy machine. */
  public static final double BUSY_429_SHARE = 0.02;
  private static final long TICK_NANOS = 5_000_000L;
  /** Waking later than this counts (timer slack is well under it). */
  private static final long SLACK_NANOS = 1_000_000L;

  private final long start = System.nanoTime();
  private final AtomicLong stalled = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long end;

  private StallMeter() {
    thread = new Thread(this::watch, "stall-meter");
    thread.setDaemon(true);
    thread.start();
  }

  /** Starts measuring now. */
  public static StallMeter start() {
    return new StallMeter();
  }

  private void watch() {
    long before = System.nanoTime();
    while (running) {
      LockSupport.parkNanos(TICK_NANOS);
      long after = System.nanoTime();
      long late = after - before - TICK_NANOS;
      if (late > SLACK_NANOS && running) {
        stalled.addAndGet(late);
      }
      before = after;
    }
  }

  /** The share of the time from the start to now (or to {@link #close}) spent waiting for a core. */
  public double stalledShare() {
    long until = running ? System.nanoTime() : end;
    return stalled.get() / (double) Math.max(1, until - start);
  }

  /** Whether the machine was busy: the JVM waited for a core {@link #BUSY} of the time or more. */
  public boolean busy() {
    return stalledShare() >= BUSY;
  }

  /** {@code share} of a budget; on a busy machine, less the share of the time spent waiting. */
  public double atLeast(double share) {
    return busy() ? share * (1 - stalledShare()) : share;
  }

  /** The 429s allowed among {@code requests}: none, unless the machine was busy. */
  public long allowed429s(long requests) {
    return busy() ? (long) (BUSY_429_SHARE * requests) : 0;
  }

  @Override
  public String toString() {
    return String.format("waited for a core %.1f%% of the time", 100 * stalledShare());
  }

  /** Stops measuring: the figures stay those until now. */
  @Override
  public void close() {
    if (running) {
      end = System.nanoTime();
      running = false;
      thread.interrupt();
    }
  }
}
