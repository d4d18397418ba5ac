package com.amperityworkflowruns.fetch;

import com.amperityworkflowruns.api.ApiException;
import com.amperityworkflowruns.api.BackOff;
import com.amperityworkflowruns.api.Page;
import com.amperityworkflowruns.api.PageRequest;
import java.util.EnumMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One page request inside the fetcher, from queued to done: its place in the queue, its attempts
 * and retries, and its outcome. Guarded by the fetcher's lock; {@link PageTable} moves it between
 * states.
 */
final class PageTask {
  /** Lifecycle of one page request. */
  enum Status {
    QUEUED,
    IN_FLIGHT,
    BACKING_OFF,
    DONE
  }

  final PageRequest request;
  /** Arrival order: ties in the queue go first come, first served. */
  final long seq;
  /** Estimated pages left in its shard: longer chains go first. */
  int priority;
  /** 0: the reader asked for it; n: read ahead, n pages beyond what the reader asked for. */
  int depth;
  Status status = Status.QUEUED;
  /** When the reader last asked for this page, or it was finished: for eviction. */
  long touchedNanos;
  /** When a back-off ends. */
  long dueNanos;
  /** When the latest attempt left, on the fetcher's clock. */
  long sentAtNanos;
  /** HTTP requests sent for this page, retries included. */
  int attempts;
  /** Whether pages after this one may be read ahead (not for a count that plans the shards). */
  boolean readsAhead = true;
  /** Whether a 401 already led to a credential refresh (one per page). */
  boolean refreshed;
  final EnumMap<ApiException.Kind, Integer> retries = new EnumMap<>(ApiException.Kind.class);
  @Nullable BackOff backoff;
  @Nullable Outcome outcome;

  PageTask(PageRequest request, long seq, int priority, int depth, long nowNanos) {
    this.request = request;
    this.seq = seq;
    this.priority = priority;
    this.depth = depth;
    this.touchedNanos = nowNanos;
  }

  /** Whether this is a first page (with {@code total}), which decides whether its shard splits. */
  boolean isFirstPage() {
    return request.withTotal;
  }

  /** Whether the reader has not asked for it yet. */
  boolean isReadAhead() {
    return depth > 0;
  }

  /** The page arrived. */
  Outcome succeed(Page page) {
    return Outcome.success(page, attempts, retries);
  }

  /** The request failed for good. */
  Outcome fail(ApiException error) {
    return Outcome.failure(error, attempts, retries);
  }

  /** Records a retry for {@code cause}. */
  void countRetry(ApiException.Kind cause) {
    retries.merge(cause, 1, Integer::sum);
  }

  @Override
  public String toString() {
    return request + " (" + status + ", depth " + depth + ", " + attempts + " attempts)";
  }
}
