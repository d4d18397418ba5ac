package com.amperityworkflowruns.io;

import com.amperityworkflowruns.api.ApiException;
import com.amperityworkflowruns.fetch.Cursor;
import com.amperityworkflowruns.fetch.ShardReadException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The largest page size ({@code limit}) the API accepts, found with one request per candidate:
 * the largest candidate first, and a 400 that names {@code limit} steps down to the next one (for
 * example 1000, 500, 250, 100). The API documents no maximum, so this is how the biggest speed
 * lever is found: at 10 requests/s a job reads 10 x the page size runs a second.
 *
 * <p>A page shorter than asked while a next page remains means the API capped the size silently;
 * the size it served is then used (never less than the smallest candidate), so that shards are
 * planned with the pages the API really serves. Reading with a larger {@code limit} than the API
 * serves stays exact either way: a short page is never taken for the last one.
 *
 * <p>Any other answer (401, 403, 404, a connection refused, retries exhausted) ends the probe
 * with a {@link ShardReadException} quoting the API, as the job's first request would have.
 */
public final class PageSizeProbe {
  /** The standard candidates below the largest, in the order they are tried. */
  public static final List<Integer> RUNGS = List.of(1000, 500, 250, 100);

  /** The page size to read with. */
  public final int pageSize;
  /** HTTP requests the probe sent, retries included. */
  public final int requests;
  /** The candidates the API refused, each with the API's answer. */
  public final List<String> refused;
  /** Whether the API served fewer runs than asked while a next page remained (a silent cap). */
  public final boolean capped;
  /** The runs of the accepted page, as the API sent them (what {@code check} samples). */
  public final List<String> sample;
  /** How long each answered request took, refused ones included. */
  public final List<Duration> latencies;

  private PageSizeProbe(int pageSize, int requests, List<String> refused, boolean capped,
      List<String> sample, List<Duration> latencies) {
    this.pageSize = pageSize;
    this.requests = requests;
    this.refused = Collections.unmodifiableList(new ArrayList<>(refused));
    this.capped = capped;
    this.sample = sample;
    this.latencies = Collections.unmodifiableList(new ArrayList<>(latencies));
  }

  /**
   * The candidates tried, largest first: {@code largest}, then each of {@link #RUNGS} below it.
   *
   * @throws IllegalArgumentException when {@code largest} is not 1 to 10000
   */
  public static List<Integer> candidates(int largest) {
    if (largest < 1 || largest > 10_000) {
      throw new IllegalArgumentException("the largest page size must be 1 to 10000, got " + largest);
    }
    List<Integer> out = new ArrayList<>();
    out.add(largest);
    for (int rung : RUNGS) {
      if (rung < largest) {
        out.add(rung);
      }
    }
    return out;
  }

  /**
   * Finds the page size for runs created in {@code [from, to)}, trying {@code candidates} in
   * order; each request goes through {@code probe} (the tenant's budget and retries).
   *
   * @throws ShardReadException when the API refuses every candidate or fails otherwise
   */
  public static PageSizeProbe find(ApiProbe probe, Instant from, Instant to, List<Integer> candidates)
      throws InterruptedException {
    return find(probe, from, to, candidates, probe.patience().multipliedBy(candidates.size()));
  }

  /**
   * As {@link #find(ApiProbe, Instant, Instant, List)}, all within {@code deadline}.
   *
   * @throws IllegalStateException when the deadline passes before an answer
   */
  public static PageSizeProbe find(
      ApiProbe probe, Instant from, Instant to, List<Integer> candidates, Duration deadline)
      throws InterruptedException {
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("no page size to try");
    }
    long end = System.nanoTime() + deadline.toNanos();
    int smallest = candidates.stream().mapToInt(Integer::intValue).min().getAsInt();
    List<String> refused = new ArrayList<>();
    List<Duration> latencies = new ArrayList<>();
    int requests = 0;
    ApiException last = null;
    for (int limit : candidates) {
      Duration left = Duration.ofNanos(Math.max(1, end - System.nanoTime()));
      ApiProbe.Answer answer = probe.firstPage(from, to, limit, false, left);
      requests += answer.requests;
      if (answer.timedOut) {
        throw new IllegalStateException("no answer to a page of " + limit + " runs within "
            + Math.max(1, deadline.toSeconds()) + " s");
      }
      latencies.add(answer.took);
      if (answer.error == null) {
        boolean capped = answer.hasNext && answer.runs.size() < limit;
        int size = capped ? Math.max(smallest, answer.runs.size()) : limit;
        return new PageSizeProbe(size, requests, refused, capped, answer.runs, latencies);
      }
      if (!namesLimit(answer.error)) {
        throw new ShardReadException(Cursor.start(micros(from), micros(to)), answer.error);
      }
      refused.add(limit + " (" + answer.error.getMessage() + ")");
      last = answer.error;
    }
    throw new ShardReadException(Cursor.start(micros(from), micros(to)), new ApiException(
        last.kind(), last.status(), "the API refused every page size tried ("
            + candidates + "), the last with: " + last.getMessage()
            + "; set --pageSize to a size it accepts", last.requestId(), -1, last));
  }

  /** Whether the error is the API refusing the page size: a 400 whose message names limit. */
  static boolean namesLimit(ApiException e) {
    String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    return e.kind() == ApiException.Kind.BAD_REQUEST && m.contains("limit")
        && !m.contains("rate limit");
  }

  /**
   * One line for the job's output: "500, the largest the API accepts (1000 refused; 2 requests)".
   */
  public String describe() {
    StringBuilder b = new StringBuilder().append(pageSize);
    if (capped) {
      b.append(", the most the API serves a page (it caps larger requests silently)");
    } else {
      b.append(refused.isEmpty() ? ", the largest tried" : ", the largest the API accepts");
    }
    List<String> sizes = new ArrayList<>();
    for (String r : refused) {
      sizes.add(r.substring(0, r.indexOf(' ')));
    }
    b.append(" (");
    if (!sizes.isEmpty()) {
      b.append(String.join(", ", sizes)).append(" refused; ");
    }
    b.append(requests).append(requests == 1 ? " request)" : " requests)");
    return b.toString();
  }

  private static long micros(Instant t) {
    return com.amperityworkflowruns.model.TimeRanges.micros(t);
  }
}
