package com.amperityworkflowruns.fetch;

import com.amperityworkflowruns.api.PageRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The fetcher's pages and their lifecycle: queued, in flight, backing off, done, then released
 * by the reader, cancelled (read-ahead for a chain nobody polls any more) or evicted (finished and
 * never claimed). Also keeps when each chain (shard) was last polled by a reader.
 *
 * <p>Queue order: first pages before all others (their {@code total} decides whether the shard
 * splits, and so what the budget is spent on next), then the longest chains (so that they start
 * early and the read ends evenly), then what the reader asked for before what is read ahead, then
 * arrival order. Not thread-safe: the fetcher calls it under its lock.
 */
final class PageTable {
  static final Comparator<PageTask> ORDER =
      Comparator.comparing((PageTask t) -> !t.isFirstPage())
          .thenComparing(t -> -t.priority)
          .thenComparingInt(t -> t.depth)
          .thenComparingLong(t -> t.seq);

  private final Map<PageRequest, PageTask> tasks = new HashMap<>();
  private final PriorityQueue<PageTask> ready = new PriorityQueue<>(ORDER);
  private final PriorityQueue<PageTask> delayed =
      new PriorityQueue<>(Comparator.comparingLong((PageTask t) -> t.dueNanos));
  /** When a reader last asked for a page of each chain, keyed by shard. */
  private final Map<Shard, Long> polled = new HashMap<>();
  private final long chainLeaseNanos;
  private long sequence;
  private int buffered;
  private long cancelled;

  /** A table that cancels read-ahead of chains not polled for {@code chainLeaseNanos}. */
  PageTable(long chainLeaseNanos) {
    this.chainLeaseNanos = chainLeaseNanos;
  }

  @Nullable
  PageTask get(PageRequest request) {
    return tasks.get(request);
  }

  /** Whether {@code task} is still the table's entry for its request (not released meanwhile). */
  boolean isCurrent(PageTask task) {
    return tasks.get(task.request) == task;
  }

  /** The reader asks for a page: its chain is polled now; queues it unless known. */
  PageTask ask(PageRequest request, int priority, long now) {
    polled.put(Shard.of(request), now);
    PageTask task = tasks.get(request);
    if (task == null) {
      task = add(request, priority, 0, now);
    }
    task.touchedNanos = now;
    return task;
  }

  /** Queues a page the reader has not asked for yet, {@code depth} pages ahead; null if known. */
  @Nullable
  PageTask queueAhead(PageRequest request, int priority, int depth, long now) {
    if (tasks.containsKey(request)) {
      return null;
    }
    return add(request, priority, depth, now);
  }

  private PageTask add(PageRequest request, int priority, int depth, long now) {
    PageTask task = new PageTask(request, sequence++, priority, depth, now);
    tasks.put(request, task);
    ready.add(task);
    return task;
  }

  /**
   * The next page to send, or null: moves back-offs that are due into the queue and cancels
   * read-ahead pages whose chain no reader polled within the lease (its residual has moved to
   * another worker, or its shard was restarted): they would spend budget on pages nobody claims.
   */
  @Nullable
  PageTask nextToSend(long now) {
    while (!delayed.isEmpty() && delayed.peek().dueNanos - now <= 0) {
      PageTask t = delayed.poll();
      t.status = PageTask.Status.QUEUED;
      ready.add(t);
    }
    while (!ready.isEmpty()) {
      PageTask t = ready.peek();
      if (t.isReadAhead() && !chainActive(t.request, now)) {
        ready.poll();
        tasks.remove(t.request);
        cancelled++;
        continue;
      }
      return t;
    }
    return null;
  }

  /** Takes {@code task} (the head of {@link #nextToSend}) out of the queue: it is being sent. */
  void markSent(PageTask task, long now) {
    if (ready.peek() == task) {
      ready.poll();
    } else {
      ready.remove(task);
    }
    task.status = PageTask.Status.IN_FLIGHT;
    task.attempts++;
    task.sentAtNanos = now;
  }

  /** Nanoseconds until the next back-off ends, or {@code Long.MAX_VALUE}. */
  long nanosUntilDue(long now) {
    return delayed.isEmpty() ? Long.MAX_VALUE : Math.max(0, delayed.peek().dueNanos - now);
  }

  boolean hasQueued() {
    return !ready.isEmpty();
  }

  int queued() {
    return ready.size();
  }

  /** The attempt failed and will be retried at {@code dueNanos}. */
  void backOff(PageTask task, long dueNanos) {
    task.status = PageTask.Status.BACKING_OFF;
    task.dueNanos = dueNanos;
    delayed.add(task);
  }

  /** The page's outcome is final; it is held until released or evicted. */
  void finish(PageTask task, Outcome outcome, long now) {
    task.outcome = outcome;
    task.status = PageTask.Status.DONE;
    task.touchedNanos = now;
    buffered++;
  }

  /** Forgets a page (claimed or abandoned by the reader); true if it held a finished page. */
  boolean release(PageRequest request) {
    PageTask t = tasks.remove(request);
    if (t == null) {
      return false;
    }
    ready.remove(t);
    delayed.remove(t);
    if (t.status == PageTask.Status.DONE) {
      buffered--;
      return true;
    }
    return false;
  }

  /** Forgets finished pages nobody asked for in {@code staleNanos}; returns how many. */
  int evictFinished(long now, long staleNanos) {
    int evicted = 0;
    for (var it = tasks.values().iterator(); it.hasNext(); ) {
      PageTask t = it.next();
      if (t.status == PageTask.Status.DONE && now - t.touchedNanos > staleNanos) {
        it.remove();
        buffered--;
        evicted++;
      }
    }
    polled.values().removeIf(at -> now - at > staleNanos);
    return evicted;
  }

  /** Finished pages held for the reader. */
  int buffered() {
    return buffered;
  }

  /** Read-ahead pages cancelled before they were sent. */
  long cancelled() {
    return cancelled;
  }

  /** The chain of {@code child} (a sub-shard read ahead) counts as polled when its parent was. */
  void inheritPoll(PageRequest parent, PageRequest child) {
    Long at = polled.get(Shard.of(parent));
    if (at != null) {
      polled.merge(Shard.of(child), at, Math::max);
    }
  }

  /** Whether a reader polled the request's chain within the lease. */
  boolean chainActive(PageRequest request, long now) {
    Long at = polled.get(Shard.of(request));
    return at != null && now - at <= chainLeaseNanos;
  }

  /** Chains polled within the lease: the readers the budget is shared among. */
  int activeChains(long now) {
    int n = 0;
    for (long at : polled.values()) {
      if (now - at <= chainLeaseNanos) {
        n++;
      }
    }
    return n;
  }

  /** Every page not yet final, for failing them all when the dispatcher dies. */
  List<PageTask> unfinished() {
    List<PageTask> open = new ArrayList<>();
    for (PageTask t : tasks.values()) {
      if (t.outcome == null) {
        open.add(t);
      }
    }
    return open;
  }

  /** The chain a request belongs to: its shard's time window. */
  record Shard(long fromMicros, long toMicros, boolean byEnded) {
    static Shard of(PageRequest r) {
      return new Shard(r.fromMicros, r.toMicros, r.byEnded);
    }
  }
}
