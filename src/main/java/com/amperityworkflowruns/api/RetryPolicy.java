package com.amperityworkflowruns.api;

import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * What to do after a failed attempt of one page: retry now (after a credential refresh), retry
 * after a back-off, or give up with a message that says why. Pure logic, like Beam
 * RequestResponseIO's {@code Repeater}: the fetcher supplies the attempt count and the back-off
 * state, and acts on the {@link Decision}.
 */
public final class RetryPolicy {
  /** Longest single back-off. */
  public static final Duration MAX_BACKOFF = Duration.standardSeconds(30);

  private final int maxRetries;
  private final Duration initialBackoff;

  public RetryPolicy(int maxRetries, Duration initialBackoff) {
    this.maxRetries = maxRetries;
    this.initialBackoff =
        initialBackoff.isShorterThan(Duration.millis(1)) ? Duration.millis(1) : initialBackoff;
  }

  /**
   * A fresh jittered exponential back-off for one page ({@link JitteredBackOff}: Beam's
   * {@code FluentBackoff} with exponent 2 and at most {@link #MAX_BACKOFF}).
   */
  public BackOff newBackOff() {
    return new JitteredBackOff(initialBackoff.getMillis(), MAX_BACKOFF.getMillis(), 2.0);
  }

  /** Whether a 401 deserves a credential refresh before deciding (once per page). */
  public static boolean wantsRefresh(ApiException failure, boolean alreadyRefreshed) {
    return failure.kind() == ApiException.Kind.UNAUTHORIZED && !alreadyRefreshed;
  }

  /**
   * The decision after attempt number {@code attempts} failed with {@code failure}.
   *
   * @param refreshed whether a refresh of the credential just succeeded (after a 401)
   * @param backoff this page's back-off, advanced when a retry is decided
   */
  public Decision decide(ApiException failure, int attempts, boolean refreshed, BackOff backoff) {
    if (refreshed) {
      return Decision.retry(0);
    }
    if (failure.isRetryable() && attempts <= maxRetries) {
      long millis = backoff.nextBackOffMillis();
      if (millis == BackOff.STOP) {
        millis = MAX_BACKOFF.getMillis();
      }
      return Decision.retry(Math.max(millis, failure.retryAfterMillis()));
    }
    if (!failure.isRetryable()) {
      return Decision.giveUp(failure);
    }
    return Decision.giveUp(
        new ApiException(
            failure.kind(),
            failure.status(),
            "gave up after " + attempts + " attempts (--maxRetries=" + maxRetries
                + "), last error: " + failure.getMessage(),
            failure.requestId(),
            failure.retryAfterMillis(),
            failure));
  }

  /** Retry after {@link #delayMillis}, or give up with {@link #error}. */
  public static final class Decision {
    public final long delayMillis;
    public final @Nullable ApiException error;

    private Decision(long delayMillis, @Nullable ApiException error) {
      this.delayMillis = delayMillis;
      this.error = error;
    }

    static Decision retry(long delayMillis) {
      return new Decision(delayMillis, null);
    }

    static Decision giveUp(ApiException error) {
      return new Decision(-1, error);
    }

    public boolean retries() {
      return error == null;
    }
  }
}
