package com.amperityworkflowruns.io;

import com.amperityworkflowruns.api.PageRequest;
import com.amperityworkflowruns.api.RetryPolicy;
import com.amperityworkflowruns.fetch.Cursor;
import com.amperityworkflowruns.fetch.Outcome;
import com.amperityworkflowruns.fetch.PageFetcher;
import com.amperityworkflowruns.fetch.ShardReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The days on which runs were created that ended since a point in time: one chain of {@code
 * created_from}/{@code created_to} plus {@code ended_from} pages through the shared fetcher (so
 * within the budget, with its retries). A job refreshes those days, so that a run that was still
 * open when its day was last read is terminal in the tables once it has ended. With nothing to
 * refresh it costs one request.
 */
public final class EndedSince {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Set<LocalDate> createdDays;
  private final long runs;
  private final int requests;

  EndedSince(Set<LocalDate> createdDays, long runs, int requests) {
    this.createdDays = Collections.unmodifiableSet(new TreeSet<>(createdDays));
    this.runs = runs;
    this.requests = requests;
  }

  /** The UTC days of the {@code created_at} of the runs served. */
  public Set<LocalDate> createdDays() {
    return createdDays;
  }

  /** The runs served (copies included). */
  public long runs() {
    return runs;
  }

  /** Requests sent, retries included. */
  public int requests() {
    return requests;
  }

  /**
   * Pages through the runs created in {@code [fromMicros, toMicros)} that ended at or after
   * {@code endedFromMicros}.
   *
   * @throws ShardReadException when a page fails for good (quoting the API's answer)
   */
  static EndedSince read(ReadConfig config, long fromMicros, long toMicros, long endedFromMicros)
      throws InterruptedException {
    PageFetcher fetcher = Fetchers.acquire(config);
    try {
      Set<LocalDate> days = new TreeSet<>();
      long runs = 0;
      int requests = 0;
      PageRequest request =
          PageRequest.createdEndedSince(fromMicros, toMicros, endedFromMicros, null);
      long timeoutNanos = TimeUnit.SECONDS.toNanos(
          (config.requestTimeout.toSeconds() + RetryPolicy.MAX_BACKOFF.getStandardSeconds())
              * (config.maxRetries + 1));
      while (request != null) {
        fetcher.requestAlone(request, Integer.MAX_VALUE / 2);
        Outcome outcome = fetcher.await(request, timeoutNanos);
        if (outcome == null) {
          throw new IllegalStateException("the page " + request + " took longer than its retries"
              + " can: " + timeoutNanos / 1_000_000_000L + " s");
        }
        fetcher.release(request);
        requests += outcome.requests;
        if (outcome.error != null) {
          throw new ShardReadException(Cursor.start(fromMicros, toMicros), outcome.error);
        }
        for (String run : outcome.page.runs) {
          runs++;
          LocalDate day = createdDay(run);
          if (day != null) {
            days.add(day);
          }
        }
        String next = outcome.page.nextToken;
        request = next == null || next.isEmpty() ? null : request.next(next);
      }
      return new EndedSince(days, runs, requests);
    } finally {
      Fetchers.release(config);
    }
  }

  /** The UTC day of a run's {@code created_at}, or null when it has none that parses. */
  static LocalDate createdDay(String runJson) {
    try {
      JsonNode created = JSON.readTree(runJson).path("created_at");
      if (!created.isTextual()) {
        return null;
      }
      return Instant.parse(created.asText()).atZone(ZoneOffset.UTC).toLocalDate();
    } catch (IOException | DateTimeParseException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "EndedSince{" + createdDays.size() + " days, " + runs + " runs, " + requests
        + " requests}";
  }
}
