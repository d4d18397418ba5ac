package com.amperityworkflowruns.fetch;

import com.amperityworkflowruns.api.PageRequest;
import com.amperityworkflowruns.api.RetryPolicy;
import com.amperityworkflowruns.api.RunsApiClient;
import com.amperityworkflowruns.pacing.RateBudget;
import com.amperityworkflowruns.pacing.RequestBudget;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * Sends the page requests of one read, shared by all its DoFn instances in a JVM.
 *
 * <p>Why it exists: the API allows few requests per second and answers slowly, so saturating the
 * budget needs many requests in flight, more than the runner gives threads (the Direct runner
 * gives 3). Calls to {@link #request} never block: the {@link Dispatcher} sends queued pages
 * asynchronously as the {@link RateBudget} allows, the {@link RetryPolicy} decides retries, and
 * {@link ReadAhead} queues the pages the reader will ask for next, so that the network never waits
 * for the runner to schedule the reader again. The reader {@link #poll}s finished pages, claims
 * them, emits them, and {@link #release}s them. The pages and their states live in the {@link
 * PageTable}, which also sets the order of sending (first pages first).
 *
 * <p>This class wires those parts together under one lock; {@link Answers} handles each answer and
 * {@link PageEta} estimates when a page will be ready. It is the one way to fetch a page through
 * the JVM's shared budget ({@link com.amperityworkflowruns.io.Fetchers#acquire}).
 */
public final class PageFetcher implements AutoCloseable {
  /** A finished page nobody asked for in this long is dropped (see {@link #evictStale}). */
  static final long STALE_NANOS = 10L * 60 * 1_000_000_000L;
  /** Read-ahead of a chain not polled for this long is cancelled, unless set otherwise. */
  static final long DEFAULT_CHAIN_LEASE_NANOS = 3_000_000_000L;

  private final RunsApiClient client;
  private final RequestBudget budget;
  private final RetryPolicy retryPolicy;
  private final ReadAhead readAhead;
  private final LongSupplier clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final PageTable table;
  private final Dispatcher dispatcher;
  private final Answers answers;
  private final PageEta eta = new PageEta();
  private long lastEvictionNanos;

  /** A fetcher with the default chain lease; see the full constructor. */
  public PageFetcher(
      RunsApiClient client,
      RequestBudget budget,
      int maxRetries,
      Duration initialBackoff,
      int readAheadPages,
      int pageSize,
      ShardPlanner planner,
      LongSupplier clock) {
    this(client, budget, maxRetries, initialBackoff, readAheadPages, pageSize, planner, clock,
        DEFAULT_CHAIN_LEASE_NANOS);
  }

  /**
   * A fetcher sending through {@code client} within {@code budget}; starts its dispatcher.
   * Read-ahead of a chain no reader asked about for {@code chainLeaseNanos} is cancelled.
   */
  public PageFetcher(
      RunsApiClient client,
      RequestBudget budget,
      int maxRetries,
      Duration initialBackoff,
      int readAheadPages,
      int pageSize,
      ShardPlanner planner,
      LongSupplier clock,
      long chainLeaseNanos) {
    this.client = client;
    this.budget = budget;
    this.retryPolicy = new RetryPolicy(maxRetries, initialBackoff);
    this.readAhead = new ReadAhead(planner, readAheadPages, pageSize, chainLeaseNanos / 1e9);
    this.clock = clock;
    this.table = new PageTable(chainLeaseNanos);
    this.lastEvictionNanos = clock.getAsLong();
    this.dispatcher =
        new Dispatcher(lock, changed, table, budget, client, clock, this::send, this::housekeeping);
    this.answers =
        new Answers(
            lock, changed, table, budget, client, retryPolicy, readAhead, dispatcher, eta, clock);
    this.dispatcher.start();
  }

  /**
   * Asks for a page; does nothing if it is already queued, in flight or done. {@code priority} is
   * the estimated number of pages left in its shard (higher goes first, after first pages).
   */
  public void request(PageRequest request, int priority) {
    lock.lock();
    try {
      checkAlive();
      long now = clock.getAsLong();
      boolean known = table.get(request) != null;
      PageTask task = table.ask(request, priority, now);
      if (!known) {
        changed.signalAll();
      } else if (task.depth > 0 || !task.readsAhead) {
        task.depth = 0; // the reader caught up: read ahead from here again
        task.readsAhead = true;
        if (task.status == PageTask.Status.DONE
            && readAhead.queueAfter(task, table, budget.currentRate(), now)) {
          changed.signalAll();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Asks for a page without reading ahead after it: the count of a range, whose sub-shards are
   * planned by the caller, not by the reader's split. A later {@link #request} of the same page
   * (the reader reading it as its first page) turns read-ahead on.
   */
  public void requestAlone(PageRequest request, int priority) {
    lock.lock();
    try {
      checkAlive();
      boolean known = table.get(request) != null;
      PageTask task = table.ask(request, priority, clock.getAsLong());
      if (!known) {
        task.readsAhead = false;
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** The outcome of a requested page once it is final (a page or an error), else null. */
  @Nullable
  public Outcome poll(PageRequest request) {
    lock.lock();
    try {
      checkAlive();
      PageTask t = table.get(request);
      return t == null ? null : t.outcome;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the page's outcome is final, for at most {@code timeoutNanos}; null on time-out.
   * For callers that have nothing else to do (the serial reader of the benchmark, tests).
   */
  @Nullable
  public Outcome await(PageRequest request, long timeoutNanos) throws InterruptedException {
    long deadline = clock.getAsLong() + timeoutNanos;
    lock.lock();
    try {
      while (true) {
        checkAlive();
        PageTask t = table.get(request);
        if (t != null && t.outcome != null) {
          return t.outcome;
        }
        long left = deadline - clock.getAsLong();
        if (left <= 0) {
          return null;
        }
        changed.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until one of the pages is final, for at most {@code timeoutNanos}; a bounded poll, as
   * Kafka readers poll their consumer: it keeps the reader from spinning through checkpoints
   * while pages are on their way.
   */
  public void awaitAny(List<PageRequest> requests, long timeoutNanos) throws InterruptedException {
    long deadline = clock.getAsLong() + timeoutNanos;
    lock.lock();
    try {
      while (true) {
        checkAlive();
        for (PageRequest r : requests) {
          PageTask t = table.get(r);
          if (t == null || t.outcome != null) {
            return;
          }
        }
        long left = deadline - clock.getAsLong();
        if (left <= 0) {
          return;
        }
        changed.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Forgets a page the reader has claimed (or abandoned), freeing its buffer. */
  public void release(PageRequest request) {
    lock.lock();
    try {
      if (table.release(request)) {
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** A rough wait, in milliseconds, until one of the given pages may be final ({@link PageEta}). */
  public long etaMillis(Iterable<PageRequest> requests) {
    lock.lock();
    try {
      return eta.etaMillis(requests, table, budget.currentRate(), clock.getAsLong());
    } finally {
      lock.unlock();
    }
  }

  /**
   * Milliseconds the dispatcher spent blocked on the budget since the last call (wall-clock time,
   * not a sum over waiting pages): for Beam's {@code throttling-msecs} counter.
   */
  public long drainThrottledMillis() {
    return dispatcher.drainThrottledMillis();
  }

  /** See {@link RequestBudget#drainFallbacks}. */
  public long drainFallbacks() {
    return budget.drainFallbacks();
  }

  /** See {@link RequestBudget#drainFallbackPermits}. */
  public long drainFallbackPermits() {
    return budget.drainFallbackPermits();
  }

  /** See {@link Dispatcher#awaitBlocked}; for tests. */
  long awaitBlockedOnBudget(long turns) throws InterruptedException {
    return dispatcher.awaitBlocked(turns);
  }

  /** Read-ahead pages cancelled unsent because their chain was no longer polled. */
  long cancelledReadAhead() {
    lock.lock();
    try {
      return table.cancelled();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Forgets finished pages nobody asked for in {@link #STALE_NANOS}: pages read ahead for a
   * residual that a runner moved to another worker, or for a shard restarted in halves. Without
   * this they would hold the buffer (and switch read-ahead off) until the job ends.
   */
  int evictStale() {
    lock.lock();
    try {
      long now = clock.getAsLong();
      lastEvictionNanos = now;
      return table.evictFinished(now, STALE_NANOS);
    } finally {
      lock.unlock();
    }
  }

  /** Called by the dispatcher on every turn, under the lock. */
  private void housekeeping(long now) {
    if (now - lastEvictionNanos > STALE_NANOS / 10) {
      evictStale(); // re-entrant: the dispatcher holds the lock
    }
  }

  private void checkAlive() {
    Throwable death = dispatcher.death();
    if (death != null) {
      throw new IllegalStateException(
          "the runs API dispatcher stopped: " + death, death);
    }
  }

  /** Sends one attempt; called by the dispatcher outside the lock. */
  private void send(PageTask task) {
    answers.send(task);
  }

  @Override
  public void close() {
    lock.lock();
    try {
      dispatcher.close();
    } finally {
      lock.unlock();
    }
    dispatcher.interrupt();
    client.close();
  }
}
