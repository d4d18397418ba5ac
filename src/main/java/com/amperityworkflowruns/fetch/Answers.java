package com.amperityworkflowruns.fetch;

import com.amperityworkflowruns.api.ApiException;
import com.amperityworkflowruns.api.Page;
import com.amperityworkflowruns.api.RetryPolicy;
import com.amperityworkflowruns.api.RunsApiClient;
import com.amperityworkflowruns.pacing.RateBudget;
import com.amperityworkflowruns.pacing.RequestBudget;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The page task's side of one attempt: sends it and handles its answer. A page finishes and its
 * read-ahead is queued; a failure feeds the {@link RateBudget} (429s, {@code Retry-After}) and
 * the {@link RetryPolicy}, whose decision backs the page off or finishes it with the error. A 401
 * refreshes the credential first, outside the lock. Each answer's latency goes to the {@link
 * PageEta}.
 */
final class Answers {
  private final ReentrantLock lock;
  private final Condition changed;
  private final PageTable table;
  private final RequestBudget budget;
  private final RunsApiClient client;
  private final RetryPolicy retryPolicy;
  private final ReadAhead readAhead;
  private final Dispatcher dispatcher;
  private final PageEta eta;
  private final LongSupplier clock;

  Answers(
      ReentrantLock lock,
      Condition changed,
      PageTable table,
      RequestBudget budget,
      RunsApiClient client,
      RetryPolicy retryPolicy,
      ReadAhead readAhead,
      Dispatcher dispatcher,
      PageEta eta,
      LongSupplier clock) {
    this.lock = lock;
    this.changed = changed;
    this.table = table;
    this.budget = budget;
    this.client = client;
    this.retryPolicy = retryPolicy;
    this.readAhead = readAhead;
    this.dispatcher = dispatcher;
    this.eta = eta;
    this.clock = clock;
  }

  /** Sends one attempt; called by the dispatcher outside the lock. */
  void send(PageTask task) {
    try {
      client
          .fetch(task.request)
          .whenComplete((page, error) -> onResponseSafely(task, page, error));
    } catch (RuntimeException ex) {
      onResponseSafely(task, null, ex);
    }
  }

  /** Never lets an exception vanish in a completion callback: it becomes the page's outcome. */
  private void onResponseSafely(PageTask task, @Nullable Page page, @Nullable Throwable error) {
    try {
      onResponse(task, page, error);
    } catch (RuntimeException bug) {
      lock.lock();
      try {
        if (task.outcome == null && table.isCurrent(task)) {
          table.finish(task, task.fail(new ApiException(ApiException.Kind.MALFORMED_RESPONSE, 0,
              "reader failure: " + bug, null, -1, bug)), clock.getAsLong());
        }
      } finally {
        lock.unlock();
      }
    } finally {
      lock.lock();
      try {
        dispatcher.onAnswered();
      } finally {
        lock.unlock();
      }
    }
  }

  private void onResponse(PageTask task, @Nullable Page page, @Nullable Throwable error) {
    long now = clock.getAsLong();
    eta.onAnswer((now - task.sentAtNanos) / 1_000_000);
    ApiException failure = error == null ? null : unwrap(error);
    boolean refreshed = false;
    if (failure != null && RetryPolicy.wantsRefresh(failure, task.refreshed)) {
      // Outside the lock: refreshing may call the token endpoint, which may fail in its turn
      // (then that failure is the request's, retried if it is retryable).
      try {
        refreshed = client.refreshAfterUnauthorized(failure);
      } catch (RuntimeException tokenFailure) {
        failure = unwrap(tokenFailure);
      }
    }
    lock.lock();
    try {
      if (dispatcher.isClosed() || !table.isCurrent(task)) {
        return;
      }
      if (failure == null) {
        budget.onSuccess();
        table.finish(task, task.succeed(page), now);
        readAhead.queueAfter(task, table, budget.currentRate(), now);
        changed.signalAll();
        return;
      }
      if (failure.kind() == ApiException.Kind.RATE_LIMITED) {
        budget.onRateLimited(task.sentAtNanos);
      }
      budget.pauseFor(failure.retryAfterMillis());
      if (task.backoff == null) {
        task.backoff = retryPolicy.newBackOff();
      }
      RetryPolicy.Decision decision =
          retryPolicy.decide(failure, task.attempts, refreshed, task.backoff);
      if (refreshed) {
        task.refreshed = true;
      }
      if (decision.retries()) {
        task.countRetry(failure.kind());
        table.backOff(task, now + decision.delayMillis * 1_000_000);
      } else {
        table.finish(task, task.fail(decision.error), now);
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
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

}
