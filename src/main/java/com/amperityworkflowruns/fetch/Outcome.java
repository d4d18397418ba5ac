package com.amperityworkflowruns.fetch;

import com.amperityworkflowruns.api.ApiException;
import com.amperityworkflowruns.api.Page;
import java.util.EnumMap;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The end of one page request after its retries: a page or a final error, with its costs. Time
 * spent waiting for the budget is not per page: see {@link PageFetcher#drainThrottledMillis}.
 */
public final class Outcome {
  public final @Nullable Page page;
  public final @Nullable ApiException error;
  /** HTTP requests sent for this page, retries included. */
  public final int requests;
  /** Retries by cause. */
  public final Map<ApiException.Kind, Integer> retries;

  private Outcome(
      @Nullable Page page,
      @Nullable ApiException error,
      int requests,
      Map<ApiException.Kind, Integer> retries) {
    this.page = page;
    this.error = error;
    this.requests = requests;
    this.retries = retries;
  }

  static Outcome success(
      Page page, int requests, EnumMap<ApiException.Kind, Integer> retries) {
    return new Outcome(page, null, requests, new EnumMap<>(retries));
  }

  static Outcome failure(
      ApiException error, int requests, EnumMap<ApiException.Kind, Integer> retries) {
    return new Outcome(null, error, requests, new EnumMap<>(retries));
  }
}
