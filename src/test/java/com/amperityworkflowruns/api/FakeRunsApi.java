package com.amperityworkflowruns.api;

import com.amperityworkflowruns.model.TimeRanges;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An in-memory runs API for reader tests: runs at given creation times, served in an order that is
 * not by time, paged with opaque offsets; scripted failures are answered first, in order.
 */
public class FakeRunsApi implements RunsApiClient {
  /** A run of the fake tenant. */
  public static final class Run {
    final String id;
    final long createdMicros;

    public Run(String id, long createdMicros) {
      this.id = id;
      this.createdMicros = createdMicros;
    }

    String json() {
      return "{\"id\":\"" + id + "\",\"created_at\":\"" + TimeRanges.format(createdMicros) + "\"}";
    }
  }

  private final List<Run> runs;
  private final int pageSize;
  private final Deque<Function<PageRequest, ApiException>> failures = new ArrayDeque<>();
  public final AtomicInteger calls = new AtomicInteger();
  public final List<PageRequest> requests =
      java.util.Collections.synchronizedList(new ArrayList<>());
  public boolean refreshable;
  public final AtomicInteger refreshes = new AtomicInteger();

  public FakeRunsApi(List<Run> runs, int pageSize) {
    this.runs = new ArrayList<>(runs);
    // Not time order: the reader must not rely on order.
    this.runs.sort(Comparator.comparing((Run r) -> Integer.toHexString(r.id.hashCode())));
    this.pageSize = pageSize;
  }

  /** {@code n} runs spread evenly over {@code [from, to)}. */
  public static List<Run> evenly(int n, long fromMicros, long toMicros) {
    List<Run> runs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long at = fromMicros + (toMicros - fromMicros) / n * i;
      runs.add(new Run("wf-" + i, at - at % 1000));
    }
    return runs;
  }

  /** The next call fails with this error instead of answering. */
  public FakeRunsApi thenFail(Function<PageRequest, ApiException> failure) {
    failures.add(failure);
    return this;
  }

  public static ApiException status(int status, String message) {
    return new ApiException(
        ResponseClassifier.kind(status, message), status, "HTTP " + status + ": " + message + " (request_id req-1)",
        "req-1", -1, null);
  }

  @Override
  public synchronized CompletableFuture<Page> fetch(PageRequest request) {
    calls.incrementAndGet();
    requests.add(request);
    Function<PageRequest, ApiException> failure = failures.poll();
    if (failure != null) {
      return CompletableFuture.failedFuture(failure.apply(request));
    }
    List<Run> window = new ArrayList<>();
    for (Run r : runs) {
      if (r.createdMicros >= request.fromMicros && r.createdMicros < request.toMicros) {
        window.add(r);
      }
    }
    int offset = request.token == null ? 0 : Integer.parseInt(request.token.substring(4));
    int end = Math.min(window.size(), offset + pageSize);
    List<String> data = new ArrayList<>();
    for (Run r : window.subList(offset, end)) {
      data.add(r.json());
    }
    String next = end < window.size() ? "tok-" + end : null;
    return CompletableFuture.completedFuture(
        new Page(data, next, request.withTotal ? (long) window.size() : null));
  }

  @Override
  public boolean refreshAfterUnauthorized(ApiException unauthorized) {
    refreshes.incrementAndGet();
    return refreshable;
  }

  @Override
  public void close() {}
}
