package com.amperityworkflowruns.simulator;

import java.time.Duration;

/** An immutable snapshot of what an {@link ApiSimulator} has seen since start or last reset. */
public final class SimulatorStats {
  private final long requests;
  private final long ok200;
  private final long tooMany429;
  private final long serverErrors5xx;
  private final long dropped;
  private final long clientErrors4xx;
  private final long tokenRequests;
  private final int peakRequestsPerSecond;
  private final int peakAdmittedPerSecond;
  private final long firstRequestNanos;
  private final long lastRequestNanos;
  private final int maxInFlight;
  private final Faults faults;

  /** What the injected faults that answer 200 did: pages repeated, tokens refused, bad records. */
  record Faults(long repeatedPages, long refusedTokens, long malformedServed) {}

  SimulatorStats(long requests, long ok200, long tooMany429, long serverErrors5xx, long dropped,
      long clientErrors4xx, long tokenRequests, int peakRequestsPerSecond,
      int peakAdmittedPerSecond, long firstRequestNanos, long lastRequestNanos, int maxInFlight,
      Faults faults) {
    this.requests = requests;
    this.ok200 = ok200;
    this.tooMany429 = tooMany429;
    this.serverErrors5xx = serverErrors5xx;
    this.dropped = dropped;
    this.clientErrors4xx = clientErrors4xx;
    this.tokenRequests = tokenRequests;
    this.peakRequestsPerSecond = peakRequestsPerSecond;
    this.peakAdmittedPerSecond = peakAdmittedPerSecond;
    this.firstRequestNanos = firstRequestNanos;
    this.lastRequestNanos = lastRequestNanos;
    this.maxInFlight = maxInFlight;
    this.faults = faults;
  }

  /** All arrivals at the runs endpoint (both paths), whatever their outcome. */
  public long requests() {
    return requests;
  }

  /** Answers with status 200 from the runs endpoint (including corrupted 200 bodies). */
  public long ok200() {
    return ok200;
  }

  /** Answers with status 429. */
  public long tooMany429() {
    return tooMany429;
  }

  /** Answers with status 500, 502 or 503. */
  public long serverErrors5xx() {
    return serverErrors5xx;
  }

  /** Connections closed without an answer. */
  public long dropped() {
    return dropped;
  }

  /** Answers with a 4xx status other than 429 (400, 401, 403, 404, 405). */
  public long clientErrors4xx() {
    return clientErrors4xx;
  }

  /** Pages that began with the previous page's last run again (the repeated-page fault). */
  public long repeatedPages() {
    return faults.repeatedPages();
  }

  /** Requests whose {@code next_token} was refused with 400 by fault injection. */
  public long refusedTokens() {
    return faults.refusedTokens();
  }

  /** Malformed records in the pages served, each time it was served (repeats included). */
  public long malformedServed() {
    return faults.malformedServed();
  }

  /** Arrivals at the token endpoint. */
  public long tokenRequests() {
    return tokenRequests;
  }

  /** The most arrivals at the runs endpoint within any sliding 1000 ms window. */
  public int peakRequestsPerSecond() {
    return peakRequestsPerSecond;
  }

  /** The most admitted (not rate-limited) requests within any sliding 1000 ms window. */
  public int peakAdmittedPerSecond() {
    return peakAdmittedPerSecond;
  }

  /** Ticker value (System.nanoTime by default) of the first arrival, or 0 when none. */
  public long firstRequestNanos() {
    return firstRequestNanos;
  }

  /** Ticker value (System.nanoTime by default) of the last arrival, or 0 when none. */
  public long lastRequestNanos() {
    return lastRequestNanos;
  }

  /** Time between the first and the last arrival at the runs endpoint. */
  public Duration elapsed() {
    return Duration.ofNanos(requests == 0 ? 0 : lastRequestNanos - firstRequestNanos);
  }

  /** The most requests at the runs endpoint being handled at once. */
  public int maxInFlight() {
    return maxInFlight;
  }

  @Override
  public String toString() {
    return "SimulatorStats{requests=" + requests + ", ok200=" + ok200 + ", 429=" + tooMany429
        + ", 5xx=" + serverErrors5xx + ", dropped=" + dropped + ", 4xx=" + clientErrors4xx
        + ", tokenRequests=" + tokenRequests + ", peakRequestsPerSecond=" + peakRequestsPerSecond
        + ", peakAdmittedPerSecond=" + peakAdmittedPerSecond + ", elapsed=" + elapsed()
        + ", maxInFlight=" + maxInFlight + ", repeatedPages=" + faults.repeatedPages()
        + ", refusedTokens=" + faults.refusedTokens() + ", malformedServed="
        + faults.malformedServed() + "}";
  }
}
