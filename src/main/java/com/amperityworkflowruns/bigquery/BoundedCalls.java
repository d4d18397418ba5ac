package com.amperityworkflowruns.bigquery;

import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpResponseException;
import com.google.api.client.util.Sleeper;
import java.io.IOException;
import java.time.Duration;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Runs BigQuery API calls within a budget and classifies their failures: 429, 5xx, rate-limit 403s
 * and I/O errors are retried after 0.5 s, 1 s, 2 s ... for at most {@code maxAttempts} tries, none
 * started after {@code retryWindow}; 404, 403, 409 and other answers fail at once as their {@link
 * TableStoreException.Kind}. A 403 is classified by the {@code reason} of its error, as BigQuery's
 * error table says (cloud.google.com/bigquery/docs/error-messages): {@code quotaExceeded} and {@code
 * rateLimitExceeded} are quotas, not permissions. The sleeper is injected so tests do not wait.
 */
final class BoundedCalls {
  private final int maxAttempts;
  private final Duration retryWindow;
  private final Sleeper sleeper;
  private final String service;

  BoundedCalls(int maxAttempts, Duration retryWindow, Sleeper sleeper) {
    this(maxAttempts, retryWindow, sleeper, "BigQuery");
  }

  /** Calls of {@code service} (its name in messages, e.g. "Cloud Storage"). */
  BoundedCalls(int maxAttempts, Duration retryWindow, Sleeper sleeper, String service) {
    this.maxAttempts = maxAttempts;
    this.retryWindow = retryWindow;
    this.sleeper = sleeper;
    this.service = service;
  }

  /** One API call. */
  interface Call<T> {
    T run() throws IOException;
  }

  /** Runs one API call with the retry budget, classifying the failure. */
  <T> T run(String what, Call<T> call) throws TableStoreException {
    long backoffMillis = 500;
    long windowEnds = System.nanoTime() + retryWindow.toNanos();
    IOException last = null;
    int attempt = 0;
    while (attempt < maxAttempts) {
      attempt++;
      try {
        return call.run();
      } catch (HttpResponseException e) {
        last = e;
        if (!retryable(e)) {
          throw classify(what, e);
        }
      } catch (TableStoreException e) {
        throw e;
      } catch (IOException e) {
        last = e;
      }
      if (attempt >= maxAttempts || System.nanoTime() + backoffMillis * 1_000_000L
          > windowEnds) {
        break;
      }
      pause(backoffMillis);
      backoffMillis *= 2;
    }
    if (last instanceof HttpResponseException
        && isQuota((HttpResponseException) last)) {
      throw classify(what, (HttpResponseException) last);
    }
    throw new TableStoreException(
        TableStoreException.Kind.UNREACHABLE,
        "cannot reach " + service + " to " + what + " after " + attempt
            + (attempt == 1 ? " attempt (" : " attempts (") + describe(last) + ")",
        last);
  }

  void pause(long millis) throws TableStoreException {
    try {
      sleeper.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TableStoreException(TableStoreException.Kind.FAILED, "interrupted", e);
    }
  }

  private static boolean retryable(HttpResponseException e) {
    int s = e.getStatusCode();
    if (s == 429 || s >= 500) {
      return true;
    }
    String reason = reason(e);
    return s == 403 && ("rateLimitExceeded".equals(reason) || "backendError".equals(reason));
  }

  /** A 403 of a quota or a rate limit: reason {@code quotaExceeded} or {@code rateLimitExceeded}. */
  private static boolean isQuota(HttpResponseException e) {
    String reason = reason(e);
    return e.getStatusCode() == 403
        && ("quotaExceeded".equals(reason) || "rateLimitExceeded".equals(reason));
  }

  private static @Nullable String reason(HttpResponseException e) {
    if (e instanceof GoogleJsonResponseException) {
      GoogleJsonError d = ((GoogleJsonResponseException) e).getDetails();
      if (d != null && d.getErrors() != null && !d.getErrors().isEmpty()) {
        return d.getErrors().get(0).getReason();
      }
    }
    return null;
  }

  private static TableStoreException classify(String what, HttpResponseException e) {
    TableStoreException.Kind kind;
    switch (e.getStatusCode()) {
      case 404:
        kind = TableStoreException.Kind.NOT_FOUND;
        break;
      case 401:
        kind = TableStoreException.Kind.PERMISSION_DENIED;
        break;
      case 403:
        kind = isQuota(e) ? TableStoreException.Kind.QUOTA_EXCEEDED
            : "accessDenied".equals(reason(e)) || reason(e) == null
                ? TableStoreException.Kind.PERMISSION_DENIED : TableStoreException.Kind.FAILED;
        break;
      case 409:
        kind = TableStoreException.Kind.ALREADY_EXISTS;
        break;
      default:
        kind = TableStoreException.Kind.FAILED;
    }
    return new TableStoreException(kind, "cannot " + what + ": " + describe(e), e);
  }

  private static String describe(@Nullable IOException e) {
    if (e == null) {
      return "no attempt";
    }
    if (e instanceof GoogleJsonResponseException
        && ((GoogleJsonResponseException) e).getDetails() != null) {
      GoogleJsonError d = ((GoogleJsonResponseException) e).getDetails();
      String reason = reason((GoogleJsonResponseException) e);
      return "HTTP " + d.getCode() + (reason == null ? "" : " " + reason) + " " + d.getMessage();
    }
    if (e instanceof HttpResponseException) {
      return "HTTP " + ((HttpResponseException) e).getStatusCode();
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
