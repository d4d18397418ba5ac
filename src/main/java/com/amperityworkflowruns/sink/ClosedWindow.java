package com.amperityworkflowruns.sink;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;

/**
 * One statistics window of the stream whose tables were written: the content of its marker in
 * {@code {output}/_stream_state/windows/}. Times are epoch milliseconds.
 */
public final class ClosedWindow implements Serializable {
  private static final long serialVersionUID = 1L;

  @JsonProperty("window_start")
  public final long windowStart;
  @JsonProperty("window_end")
  public final long windowEnd;
  /** Where the job that wrote it started following (its first window's start). */
  @JsonProperty("job_start")
  public final long jobStart;
  @JsonProperty("stats_window_ms")
  public final long statsWindowMillis;
  /** Finished runs written for the window. */
  @JsonProperty("runs")
  public final long runs;
  @JsonProperty("failed")
  public final long failed;
  @JsonProperty("rejects")
  public final long rejects;
  /** Poll windows read inside it. */
  @JsonProperty("polls")
  public final long polls;
  /** How far the window's end was behind the clock when it was recorded. */
  @JsonProperty("lag_ms")
  public final long lagMillis;

  @JsonCreator
  public ClosedWindow(
      @JsonProperty("window_start") long windowStart,
      @JsonProperty("window_end") long windowEnd,
      @JsonProperty("job_start") long jobStart,
      @JsonProperty("stats_window_ms") long statsWindowMillis,
      @JsonProperty("runs") long runs,
      @JsonProperty("failed") long failed,
      @JsonProperty("rejects") long rejects,
      @JsonProperty("polls") long polls,
      @JsonProperty("lag_ms") long lagMillis) {
    this.windowStart = windowStart;
    this.windowEnd = windowEnd;
    this.jobStart = jobStart;
    this.statsWindowMillis = statsWindowMillis;
    this.runs = runs;
    this.failed = failed;
    this.rejects = rejects;
    this.polls = polls;
    this.lagMillis = lagMillis;
  }

  @Override
  public String toString() {
    return "ClosedWindow{" + WriteStreamTables.windowName(windowStart, windowEnd) + ", runs=" + runs
        + ", failed=" + failed + "}";
  }
}
