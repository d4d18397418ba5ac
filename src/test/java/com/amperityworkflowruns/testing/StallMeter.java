package com.amperityworkflowruns.testing;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * How long this JVM's threads waited for a core while a measurement ran: a thread sleeps 5 ms at a
 * time and adds up how much later than asked it woke. On a machine that other work keeps busy, a
 * test's threads (and those of the simulator it talks to) wait too, and timing figures then
 * measure the machine as much as the code.
 */
public final class StallMeter implements AutoCloseable {
  private static final long TICK_NANOS = 5_000_000L;
  /** Waking later than this counts (timer slack is well under it). */
  private static final long SLACK_NANOS = 1_000_000L;

  private final long start = System.nanoTime();
  private final AtomicLong stalled = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

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
      if (late > SLACK_NANOS) {
        stalled.addAndGet(late);
      }
      before = after;
    }
  }

  /** The share of the time since the start spent waiting for a core beyond the slack. */
  public double stalledShare() {
    return stalled.get() / (double) Math.max(1, System.nanoTime() - start);
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
