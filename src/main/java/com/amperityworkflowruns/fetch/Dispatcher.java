package com.amperityworkflowruns.fetch;

import com.amperityworkflowruns.api.RunsApiClient;
import com.amperityworkflowruns.pacing.RateBudget;
import com.amperityworkflowruns.pacing.RequestBudget;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The one thread that sends a fetcher's requests: takes the next page from the {@link PageTable}
 * when the {@link RateBudget} has a permit and hands it to the sender, which sends asynchronously.
 *
 * <p>Throttled time is the wall-clock time this thread spent blocked on the budget while pages
 * were queued: one thread, so it never exceeds elapsed time however many pages wait. That is what
 * Beam's {@code throttling-msecs} means to Dataflow's autoscaler (time the worker could not work
 * because of the service's limit).
 *
 * <p>If the loop ever fails (a bug, an {@link Error}), the cause is kept and every waiter is woken:
 * the fetcher then fails every call with it, so the job fails instead of polling forever.
 */
public final class Dispatcher {
  /** Most requests in flight at once; public for pacing's NeighbourRun, which plays this loop. */
  public static final int MAX_IN_FLIGHT = 64;
  /** Shortest wait for the budget, so a busy clock does not spin the thread. */
  private static final long MIN_WAIT_NANOS = 100_000L;

  /** Sends one page's request; must not block, and must not throw for a request's failure. */
  interface Sender {
    void send(PageTask task);
  }

  private final ReentrantLock lock;
  private final Condition changed;
  private final PageTable table;
  private final RequestBudget budget;
  private final RunsApiClient client;
  private final LongSupplier clock;
  private final Sender sender;
  private final LongConsumer housekeeping;
  private final Thread thread;
  private final AtomicLong throttledNanos = new AtomicLong();
  /** Signalled each time the loop starts waiting for the budget (for tests with a fake clock). */
  private final Condition blockedOnBudget;
  private long blockedTurns;
  private int inFlight;
  /**
   * Most requests ever in flight at once: a send beyond it needs a connection the HTTP client has
   * not opened yet, so it reaches the API later ({@link RateBudget#tryAcquire(boolean)}).
   */
  private int peakInFlight;
  private boolean closed;
  /** Whether the client was prepared since the last send (token fresh). */
  private boolean prepared;
  private @Nullable Throwable death;

  Dispatcher(
      ReentrantLock lock,
      Condition changed,
      PageTable table,
      RequestBudget budget,
      RunsApiClient client,
      LongSupplier clock,
      Sender sender,
      LongConsumer housekeeping) {
    this.lock = lock;
    this.changed = changed;
    this.blockedOnBudget = lock.newCondition();
    this.table = table;
    this.budget = budget;
    this.client = client;
    this.clock = clock;
    this.sender = sender;
    this.housekeeping = housekeeping;
    this.thread = new Thread(this::run, "runs-api-dispatcher");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    try {
      loop();
    } catch (Throwable t) {
      lock.lock();
      try {
        death = t;
        closed = true;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  private void loop() {
    lock.lock();
    try {
      while (!closed) {
        long now = clock.getAsLong();
        housekeeping.accept(now);
        PageTask next = table.nextToSend(now);
        long dueWait = table.nanosUntilDue(now);
        if (next == null || inFlight >= MAX_IN_FLIGHT) {
          await(dueWait);
          continue;
        }
        long permitWait = budget.nanosUntilPermit();
        if (permitWait == 0 && !prepared) {
          prepare();
          continue;
        }
        boolean cold = inFlight >= peakInFlight;
        if (permitWait > 0 || !budget.tryAcquire(cold)) {
          long blockedFrom = clock.getAsLong();
          blockedTurns++;
          blockedOnBudget.signalAll();
          await(Math.min(dueWait, Math.max(permitWait, MIN_WAIT_NANOS)));
          throttledNanos.addAndGet(Math.max(0, clock.getAsLong() - blockedFrom));
          continue;
        }
        prepared = false;
        table.markSent(next, now);
        inFlight++;
        peakInFlight = Math.max(peakInFlight, inFlight);
        lock.unlock();
        try {
          sender.send(next);
        } finally {
          lock.lock();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Refreshes the credential outside the lock, so that the permit's time is the sending time. */
  private void prepare() {
    lock.unlock();
    try {
      client.prepare();
    } catch (RuntimeException ex) {
      // the request itself will fail with the classified error
    } finally {
      lock.lock();
      prepared = true;
    }
  }

  private void await(long nanos) {
    try {
      if (nanos == Long.MAX_VALUE) {
        changed.await();
      } else {
        changed.awaitNanos(nanos);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  /** A response (or failure) arrived for a request this thread sent. Call under the lock. */
  void onAnswered() {
    inFlight--;
    changed.signalAll();
  }

  /** Requests sent and not answered yet. Call under the lock. */
  int inFlight() {
    return inFlight;
  }

  /**
   * Waits until the loop has started waiting for the budget more than {@code turns} times in all;
   * returns the count. For tests that move a fake clock only while the loop waits.
   */
  long awaitBlocked(long turns) throws InterruptedException {
    lock.lock();
    try {
      while (blockedTurns <= turns && death == null) {
        blockedOnBudget.await();
      }
      return blockedTurns;
    } finally {
      lock.unlock();
    }
  }

  /** Whole milliseconds blocked on the budget since the last drain; the remainder is kept. */
  long drainThrottledMillis() {
    while (true) {
      long nanos = throttledNanos.get();
      long millis = nanos / 1_000_000;
      if (millis == 0 || throttledNanos.compareAndSet(nanos, nanos - millis * 1_000_000)) {
        return millis;
      }
    }
  }

  /** Why the loop stopped, if it failed; null while it runs or after a normal close. */
  @Nullable
  Throwable death() {
    return death;
  }

  /** Whether the loop no longer sends (closed or dead). Call under the lock. */
  boolean isClosed() {
    return closed;
  }

  /** Stops the loop. Call under the lock; then {@link #interrupt}. */
  void close() {
    closed = true;
    changed.signalAll();
  }

  void interrupt() {
    thread.interrupt();
  }
}
