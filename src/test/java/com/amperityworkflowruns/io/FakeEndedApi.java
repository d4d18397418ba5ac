package com.amperityworkflowruns.io;

import com.amperityworkflowruns.api.ApiException;
import com.amperityworkflowruns.api.Page;
import com.amperityworkflowruns.api.PageRequest;
import com.amperityworkflowruns.api.ResponseClassifier;
import com.amperityworkflowruns.api.RunsApiClient;
import com.amperityworkflowruns.model.TimeRanges;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * An in-memory runs API for stream reader tests: finished runs at given end times, answered for
 * {@code ended_from}/{@code ended_to} windows only, in id order, paged with opaque offsets;
 * scripted failures are answered first, in order. With {@code repeatPages}, every page after the
 * first starts with the previous page's last run again, as the real API sometimes does.
 */
final class FakeEndedApi implements RunsApiClient {
  /** A finished run of the fake tenant. */
  record Run(String id, long endedMicros) {
    String json() {
      return "{\"id\":\"" + id + "\",\"ended_at\":\"" + TimeRanges.format(endedMicros) + "\"}";
    }
  }

  private final List<Run> runs;
  private final int pageSize;
  private final Deque<Function<PageRequest, ApiException>> failures = new ArrayDeque<>();
  final List<PageRequest> requests = Collections.synchronizedList(new ArrayList<>());
  boolean repeatPages;

  FakeEndedApi(List<Run> runs, int pageSize) {
    this.runs = new ArrayList<>(runs);
    this.runs.sort(Comparator.comparing(Run::id));
    this.pageSize = pageSize;
  }

  /** {@code n} runs ending evenly over {@code [fromMillis, toMillis)}. */
  static List<Run> evenly(int n, long fromMillis, long toMillis) {
    List<Run> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long at = fromMillis + (toMillis - fromMillis) / n * i;
      out.add(new Run(String.format("wf-%05d", i), at * 1000));
    }
    return out;
  }

  /** The next call fails with this error instead of answering. */
  FakeEndedApi thenFail(Function<PageRequest, ApiException> failure) {
    failures.add(failure);
    return this;
  }

  static ApiException status(int status, String message) {
    return new ApiException(ResponseClassifier.kind(status, message), status,
        "HTTP " + status + ": " + message + " (request_id req-1)", "req-1", -1, null);
  }

  @Override
  public synchronized CompletableFuture<Page> fetch(PageRequest request) {
    requests.add(request);
    Function<PageRequest, ApiException> failure = failures.poll();
    if (failure != null) {
      return CompletableFuture.failedFuture(failure.apply(request));
    }
    if (!request.byEnded) {
      return CompletableFuture.failedFuture(status(400, "this fake answers ended_* windows only"));
    }
    List<Run> window = new ArrayList<>();
    for (Run r : runs) {
      if (r.endedMicros() >= request.fromMicros && r.endedMicros() < request.toMicros) {
        window.add(r);
      }
    }
    int offset = request.token == null ? 0 : Integer.parseInt(request.token.substring(4));
    int end = Math.min(window.size(), offset + pageSize);
    List<String> data = new ArrayList<>();
    if (repeatPages && offset > 0) {
      data.add(window.get(offset - 1).json());
    }
    for (Run r : window.subList(offset, end)) {
      data.add(r.json());
    }
    String next = end < window.size() ? "tok-" + end : null;
    return CompletableFuture.completedFuture(new Page(data, next, null));
  }

  @Override
  public boolean refreshAfterUnauthorized(ApiException unauthorized) {
    return false;
  }

  @Override
  public void close() {}
}
