package com.amperityworkflowruns.io;

import com.amperityworkflowruns.api.ApiException;
import com.amperityworkflowruns.api.PageRequest;
import com.amperityworkflowruns.api.RetryPolicy;
import com.amperityworkflowruns.fetch.Outcome;
import com.amperityworkflowruns.fetch.PageFetcher;
import com.amperityworkflowruns.model.TimeRanges;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Single requests to the runs API outside a pipeline, through a read's client, rate budget and
 * retries: what the launcher asks before a job (the page size the API accepts) and what {@code
 * check} asks. Each page size gets its own fetcher (the client puts the page size in every
 * request), so that sizes never mix; all of them draw on the tenant's one rate budget in this
 * JVM, which the job's reader shares.
 */
public final class ApiProbe implements AutoCloseable {
  private final ReadConfig base;
  private final String probeId = "probe-" + UUID.randomUUID();
  private final Map<Integer, ReadConfig> acquired = new LinkedHashMap<>();
  private final Map<Integer, PageFetcher> fetchers = new LinkedHashMap<>();

  ApiProbe(ReadConfig base) {
    this.base = base;
  }

  /** A probe with the connection, credential, filter, budget and retry settings of {@code read}. */
  public static ApiProbe of(RunsApiIO.Read read) {
    return new ApiProbe(read.connectionConfig());
  }

  /** The answer to one page request, after its retries. */
  public static final class Answer {
    /** The final error, or null when a page came back. */
    public final @Nullable ApiException error;
    /** The runs of the page, as the API sent them; empty on an error. */
    public final List<String> runs;
    /** Whether the page named a next page. */
    public final boolean hasNext;
    /** The page's {@code total} when asked for and sent, else null. */
    public final @Nullable Long total;
    /** HTTP requests sent for it, retries included (0 when it timed out before an answer). */
    public final int requests;
    /** Time from asking to the final answer. */
    public final Duration took;
    /** Whether no final answer came within the deadline (then {@link #error} is null too). */
    public final boolean timedOut;

    Answer(@Nullable Outcome outcome, Duration took) {
      this.error = outcome == null ? null : outcome.error;
      this.runs = outcome == null || outcome.page == null
          ? List.of() : Collections.unmodifiableList(new ArrayList<>(outcome.page.runs));
      this.hasNext = outcome != null && outcome.page != null && outcome.page.nextToken != null;
      this.total = outcome == null || outcome.page == null ? null : outcome.page.total;
      this.requests = outcome == null ? 0 : outcome.requests;
      this.took = took;
      this.timedOut = outcome == null;
    }

    /** Whether a page came back. */
    public boolean ok() {
      return !timedOut && error == null;
    }
  }

  /**
   * The first page of runs created in {@code [from, to)} at {@code limit} runs a page (with its
   * {@code total} when {@code withTotal}), waiting at most {@code deadline} for the final answer.
   */
  public Answer firstPage(Instant from, Instant to, int limit, boolean withTotal, Duration deadline)
      throws InterruptedException {
    PageRequest request =
        new PageRequest(TimeRanges.micros(from), TimeRanges.micros(to), null, withTotal);
    PageFetcher fetcher = fetcher(limit);
    long start = System.nanoTime();
    fetcher.requestAlone(request, Integer.MAX_VALUE / 2);
    Outcome outcome = fetcher.await(request, Math.max(1, deadline.toNanos()));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    fetcher.release(request);
    return new Answer(outcome, took);
  }

  /**
   * How long a request may take with all its retries: the bound the launcher waits for an answer
   * before a job (as for the dry run's count).
   */
  public Duration patience() {
    return Duration.ofSeconds(
        (base.requestTimeout.toSeconds() + RetryPolicy.MAX_BACKOFF.getStandardSeconds())
            * (base.maxRetries + 1));
  }

  private PageFetcher fetcher(int limit) {
    PageFetcher fetcher = fetchers.get(limit);
    if (fetcher == null) {
      ReadConfig config = base.toBuilder().pageSize(limit).readId(probeId + "-" + limit).build();
      fetcher = Fetchers.acquire(config);
      acquired.put(limit, config);
      fetchers.put(limit, fetcher);
    }
    return fetcher;
  }

  /** Closes the fetchers (and their clients) of every page size asked for. */
  @Override
  public void close() {
    for (ReadConfig config : acquired.values()) {
      Fetchers.release(config);
    }
    acquired.clear();
    fetchers.clear();
  }
}
