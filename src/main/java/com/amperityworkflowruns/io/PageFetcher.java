package com.amperityworkflowruns.io;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.apache.beam.sdk.util.BackOff;
import org.apache.beam.sdk.util.FluentBackoff;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * Sends the page requests of one read, shared by all its DoFn instances in a JVM.
 *
 * <p>Why it exists: the API allows few requests per second and answers slowly, so saturating the
 * budget needs many requests in flight, more than the runner gives threads (the Direct runner
 * gives 3). Calls to {@link #request} never block: one dispatcher thread sends queued requests
 * asynchronously as the {@link RateBudget} allows, retries retryable failures after a jittered
 * back-off, and reads ahead along each shard's {@code next_token} chain (up to {@code
 * readAheadPages} beyond what the reader asked for) so that the network never waits for the
 * runner to schedule the reader again. The reader {@link #poll}s finished pages, claims them, emits
 * them, and {@link #release}s them.
 *
 * <p>Queued requests are sent most-remaining-pages first (first pages, whose totals size the
 * shards, go before all), so that long chains start early and the read ends evenly.
 */
final class PageFetcher implements AutoCloseable {
  private static final int MAX_IN_FLIGHT = 64;
  private static final int MAX_BUFFERED_PAGES = 512;
  /** A finished page nobody asked for in this long is dropped (see {@link #evictStale}). */
  static final long STALE_NANOS = 10L * 60 * 1_000_000_000L;

  /** Lifecycle of one page request. */
  private enum Status {
    QUEUED,
    IN_FLIGHT,
    BACKING_OFF,
    DONE
  }

  private final class Entry {
    final PageRequest request;
    final long seq;
    int priority;
    int depth;
    Status status = Status.QUEUED;
    long queuedAtNanos;
    /** When the reader last asked for this page, or it was finished: for {@link #evictStale}. */
    long touchedNanos;
    long dueNanos;
    int requests;
    long throttledNanos;
    boolean refreshed;
    final EnumMap<ApiException.Kind, Integer> retries = new EnumMap<>(ApiException.Kind.class);
    @Nullable BackOff backoff;
    @Nullable Outcome outcome;

    Entry(PageRequest request, int priority, int depth) {
      this.request = request;
      this.priority = priority;
      this.depth = depth;
      this.seq = sequence++;
      this.queuedAtNanos = clock.getAsLong();
      this.touchedNanos = queuedAtNanos;
    }
  }

  private final RunsApiClient client;
  private final RateBudget budget;
  private final int maxRetries;
  private final Duration initialBackoff;
  private final int readAheadPages;
  private final int pageSize;
  private final ShardPlanner planner;
  private final LongSupplier clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<PageRequest, Entry> entries = new HashMap<>();
  private final PriorityQueue<Entry> ready =
      new PriorityQueue<>(
          (a, b) -> a.priority != b.priority ? Integer.compare(b.priority, a.priority)
              : Long.compare(a.seq, b.seq));
  private final PriorityQueue<Entry> delayed =
      new PriorityQueue<>((a, b) -> Long.compare(a.dueNanos, b.dueNanos));
  private final Thread dispatcher;
  private final AtomicLong latencyEwmaMillis = new AtomicLong(500);
  private long sequence;
  private int inFlight;
  private int buffered;
  private boolean closed;
  /** Whether the client was prepared since the last send (token fresh). */
  private boolean prepared;
  private long lastEvictionNanos;

  /** A fetcher sending through {@code client} within {@code budget}; starts its dispatcher. */
  PageFetcher(
      RunsApiClient client,
      RateBudget budget,
      int maxRetries,
      Duration initialBackoff,
      int readAheadPages,
      int pageSize,
      ShardPlanner planner,
      LongSupplier clock) {
    this.client = client;
    this.budget = budget;
    this.maxRetries = maxRetries;
    this.initialBackoff = initialBackoff;
    this.readAheadPages = readAheadPages;
    this.pageSize = pageSize;
    this.planner = planner;
    this.clock = clock;
    this.dispatcher = new Thread(this::dispatchLoop, "runs-api-dispatcher");
    this.dispatcher.setDaemon(true);
    this.dispatcher.start();
  }

  /**
   * Asks for a page; does nothing if it is already queued, in flight or done. {@code priority} is
   * the estimated number of pages left in its shard (higher goes first).
   */
  void request(PageRequest request, int priority) {
    lock.lock();
    try {
      Entry e = entries.get(request);
      if (e != null) {
        e.touchedNanos = clock.getAsLong();
      }
      if (e == null) {
        e = new Entry(request, priority, 0);
        entries.put(request, e);
        ready.add(e);
        changed.signalAll();
      } else if (e.depth > 0) {
        e.depth = 0; // the reader caught up: read ahead from here again
        if (e.status == Status.DONE) {
          readAhead(e);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** The outcome of a requested page once it is final (a page or an error), else null. */
  @Nullable
  Outcome poll(PageRequest request) {
    lock.lock();
    try {
      Entry e = entries.get(request);
      return e == null ? null : e.outcome;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the page's outcome is final, for at most {@code timeoutNanos}; null on time-out.
   * For callers that have nothing else to do (the serial reader of the benchmark, tests).
   */
  @Nullable
  Outcome await(PageRequest request, long timeoutNanos) throws InterruptedException {
    long deadline = clock.getAsLong() + timeoutNanos;
    lock.lock();
    try {
      while (true) {
        Entry e = entries.get(request);
        if (e != null && e.outcome != null) {
          return e.outcome;
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
  void awaitAny(List<PageRequest> requests, long timeoutNanos) throws InterruptedException {
    long deadline = clock.getAsLong() + timeoutNanos;
    lock.lock();
    try {
      while (true) {
        for (PageRequest r : requests) {
          Entry e = entries.get(r);
          if (e == null || e.outcome != null) {
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
  void release(PageRequest request) {
    lock.lock();
    try {
      Entry e = entries.remove(request);
      if (e != null && e.status == Status.DONE) {
        buffered--;
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** A rough wait, in milliseconds, until one of the given pages may be final. */
  long etaMillis(Iterable<PageRequest> requests) {
    lock.lock();
    try {
      long best = Long.MAX_VALUE;
      long now = clock.getAsLong();
      for (PageRequest r : requests) {
        Entry e = entries.get(r);
        if (e == null || e.outcome != null) {
          return 0;
        }
        long eta;
        switch (e.status) {
          case IN_FLIGHT:
            eta = latencyEwmaMillis.get() / 2;
            break;
          case BACKING_OFF:
            eta = (e.dueNanos - now) / 1_000_000 + latencyEwmaMillis.get();
            break;
          default:
            eta = latencyEwmaMillis.get() + (long) (ready.size() * 1000 / budget.currentRate() / 2);
        }
        best = Math.min(best, eta);
      }
      return best == Long.MAX_VALUE ? 0 : best;
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
      int evicted = 0;
      for (var it = entries.values().iterator(); it.hasNext(); ) {
        Entry e = it.next();
        if (e.status == Status.DONE && now - e.touchedNanos > STALE_NANOS) {
          it.remove();
          buffered--;
          evicted++;
        }
      }
      lastEvictionNanos = now;
      return evicted;
    } finally {
      lock.unlock();
    }
  }

  private void dispatchLoop() {
    lock.lock();
    try {
      while (!closed) {
        long now = clock.getAsLong();
        if (now - lastEvictionNanos > STALE_NANOS / 10) {
          evictStale(); // re-entrant: the dispatcher already holds the lock
        }
        while (!delayed.isEmpty() && delayed.peek().dueNanos - now <= 0) {
          Entry e = delayed.poll();
          e.status = Status.QUEUED;
          e.queuedAtNanos = now;
          ready.add(e);
        }
        long waitNanos = delayed.isEmpty() ? Long.MAX_VALUE : delayed.peek().dueNanos - now;
        if (ready.isEmpty() || inFlight >= MAX_IN_FLIGHT) {
          awaitNanos(waitNanos);
          continue;
        }
        long permitWait = budget.nanosUntilPermit();
        if (permitWait == 0 && !prepared) {
          lock.unlock();
          try {
            client.prepare();
            prepared = true;
          } catch (RuntimeException ex) {
            // the request itself will fail with the classified error
            prepared = true;
          } finally {
            lock.lock();
          }
          continue;
        }
        if (permitWait > 0 || !budget.tryAcquire()) {
          awaitNanos(Math.min(waitNanos, Math.max(permitWait, 100_000L)));
          continue;
        }
        prepared = false;
        Entry e = ready.poll();
        e.status = Status.IN_FLIGHT;
        e.requests++;
        e.throttledNanos += now - e.queuedAtNanos;
        inFlight++;
        long sentAt = now;
        lock.unlock();
        try {
          client
              .fetch(e.request)
              .whenComplete((page, error) -> onResponseSafely(e, sentAt, page, error));
        } catch (RuntimeException ex) {
          onResponseSafely(e, sentAt, null, ex);
        } finally {
          lock.lock();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private void awaitNanos(long nanos) {
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

  /** Never lets an exception vanish in a completion callback: it becomes the page's outcome. */
  private void onResponseSafely(
      Entry e, long sentAt, @Nullable Page page, @Nullable Throwable error) {
    try {
      onResponse(e, sentAt, page, error);
    } catch (RuntimeException bug) {
      lock.lock();
      try {
        if (e.outcome == null && entries.get(e.request) == e) {
          finish(
              e,
              Outcome.failure(
                  new ApiException(
                      ApiException.Kind.MALFORMED_RESPONSE, 0, "reader failure: " + bug, null, -1,
                      bug),
                  e.requests,
                  e.retries,
                  e.throttledNanos / 1_000_000));
        }
      } finally {
        lock.unlock();
      }
    } finally {
      lock.lock();
      try {
        inFlight--;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  private void onResponse(Entry e, long sentAt, @Nullable Page page, @Nullable Throwable error) {
    long latencyMillis = (clock.getAsLong() - sentAt) / 1_000_000;
    latencyEwmaMillis.set((latencyEwmaMillis.get() * 7 + latencyMillis) / 8);
    ApiException failure = error == null ? null : unwrap(error);
    boolean refresh = false;
    if (failure != null && failure.kind() == ApiException.Kind.UNAUTHORIZED && !e.refreshed) {
      // Outside the lock: refreshing may call the token endpoint, which may fail in its turn
      // (then that failure is the request's, retried if it is retryable).
      try {
        refresh = client.refreshAfterUnauthorized(failure);
      } catch (RuntimeException tokenFailure) {
        failure = unwrap(tokenFailure);
      }
    }
    lock.lock();
    try {
      if (closed || entries.get(e.request) != e) {
        return;
      }
      if (failure == null) {
        budget.onSuccess();
        finish(e, Outcome.success(page, e.requests, e.retries, e.throttledNanos / 1_000_000));
        readAhead(e);
        return;
      }
      if (failure.kind() == ApiException.Kind.RATE_LIMITED) {
        budget.onRateLimited();
      }
      if (refresh) {
        e.refreshed = true;
        retryAfter(e, failure, 0);
      } else if (failure.isRetryable() && e.requests <= maxRetries) {
        retryAfter(e, failure, nextBackoffMillis(e, failure));
      } else {
        ApiException last =
            failure.isRetryable()
                ? new ApiException(
                    failure.kind(),
                    failure.status(),
                    "gave up after "
                        + e.requests
                        + " attempts (--maxRetries="
                        + maxRetries
                        + "), last error: "
                        + failure.getMessage(),
                    failure.requestId(),
                    failure.retryAfterMillis(),
                    failure)
                : failure;
        finish(e, Outcome.failure(last, e.requests, e.retries, e.throttledNanos / 1_000_000));
      }
    } finally {
      lock.unlock();
    }
  }

  private long nextBackoffMillis(Entry e, ApiException failure) {
    if (e.backoff == null) {
      e.backoff =
          FluentBackoff.DEFAULT
              .withInitialBackoff(
                  initialBackoff.isShorterThan(Duration.millis(1)) ? Duration.millis(1) : initialBackoff)
              .withMaxBackoff(Duration.standardSeconds(30))
              .withExponent(2.0)
              .backoff();
    }
    long millis = e.backoff.nextBackOffMillis();
    if (millis == BackOff.STOP) {
      millis = 30_000;
    }
    return Math.max(millis, failure.retryAfterMillis());
  }

  private void retryAfter(Entry e, ApiException failure, long delayMillis) {
    e.retries.merge(failure.kind(), 1, Integer::sum);
    e.status = Status.BACKING_OFF;
    e.dueNanos = clock.getAsLong() + delayMillis * 1_000_000;
    delayed.add(e);
  }

  private void finish(Entry e, Outcome outcome) {
    e.outcome = outcome;
    e.status = Status.DONE;
    e.touchedNanos = clock.getAsLong();
    buffered++;
    changed.signalAll();
  }

  /**
   * Queues what the reader will ask for next, within the read-ahead allowance: the next page of a
   * finished page's chain, or, when a first page's total makes the reader split its shard, the
   * first pages of the sub-shards (the planner is deterministic, so the reader asks for exactly
   * these).
   */
  private void readAhead(Entry e) {
    Page page = e.outcome == null ? null : e.outcome.page;
    if (page == null || e.depth >= readAheadPages || buffered >= MAX_BUFFERED_PAGES) {
      return;
    }
    if (e.request.withTotal) {
      List<Cursor> parts =
          planner.split(Cursor.start(e.request.fromMicros, e.request.toMicros), page.total);
      if (parts != null) {
        for (Cursor part : parts) {
          enqueueAhead(part.request(), 1 << 20, e.depth + 1);
        }
        return;
      }
    }
    if (page.nextToken != null) {
      int priority = e.request.withTotal && page.total != null
          ? remainingPages(page.total) - 1
          : Math.max(0, e.priority - 1);
      enqueueAhead(
          e.request.next(page.nextToken),
          priority,
          e.depth + 1);
    }
  }

  private void enqueueAhead(PageRequest request, int priority, int depth) {
    Entry existing = entries.get(request);
    if (existing != null) {
      if (depth < existing.depth) {
        // the reader moved on: the window of pages read ahead slides forward from here
        existing.depth = depth;
        if (existing.status == Status.DONE) {
          readAhead(existing);
        }
      }
      return;
    }
    Entry n = new Entry(request, priority, depth);
    entries.put(request, n);
    ready.add(n);
    changed.signalAll();
  }

  private int remainingPages(long total) {
    return (int) Math.min(Integer.MAX_VALUE / 2, (total + pageSize - 1) / pageSize);
  }

  private static ApiException unwrap(Throwable error) {
    Throwable t = error;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof ApiException) {
      return (ApiException) t;
    }
    return ApiException.transport(ApiException.Kind.CONNECTION, String.valueOf(t), t);
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    dispatcher.interrupt();
    client.close();
  }

}
