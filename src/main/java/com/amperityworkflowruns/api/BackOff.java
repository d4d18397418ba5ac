package com.amperityworkflowruns.api;

/**
 * The delays between the attempts of one page request, as Beam's {@code BackOff} gives them,
 * without Beam: {@link RetryPolicy#newBackOff} makes one per page and the fetcher keeps it with
 * the page.
 */
public interface BackOff {
  /** Returned by {@link #nextBackOffMillis} when no further attempt should be made. */
  long STOP = -1L;

  /** How long to wait before the next attempt, in milliseconds, or {@link #STOP}. */
  long nextBackOffMillis();
}
