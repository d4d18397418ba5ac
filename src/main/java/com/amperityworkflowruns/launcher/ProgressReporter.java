package com.amperityworkflowruns.launcher;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.PipelineResult;

/**
 * Prints one progress line every few seconds while the job runs: shards, runs, requests and ETA
 * of the read, then the phases after it ({@link PhaseProgress}).
 */
final class ProgressReporter implements AutoCloseable {
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
          });
  private final PipelineResult result;
  private final PrintStream out;
  private final long initialShards;
  private final PhaseProgress phases;
  private final long startNanos = System.nanoTime();

  ProgressReporter(PipelineResult result, PrintStream out, long initialShards, long periodSeconds) {
    this(result, out, initialShards, 0, periodSeconds);
  }

  /** Reports the read, then the phases after it of a job publishing {@code days} days. */
  ProgressReporter(PipelineResult result, PrintStream out, long initialShards, long days,
      long periodSeconds) {
    this.result = result;
    this.out = out;
    this.initialShards = initialShards;
    this.phases = new PhaseProgress(days);
    if (result != null) {
      timer.scheduleAtFixedRate(this::report, periodSeconds, periodSeconds, TimeUnit.SECONDS);
    }
  }

  private void report() {
    out.println(line(JobMetrics.of(result), (System.nanoTime() - startNanos) / 1e9));
  }

  String line(JobMetrics m, double seconds) {
    long shardsTotal = initialShards + m.get("shards_added_by_splits");
    if (shardsTotal > 0 && m.get("shards_done") >= shardsTotal) {
      return phases.line(m, seconds);
    }
    long requests = m.get("requests");
    double rate = seconds > 0 ? requests / seconds : 0;
    long pagesLeft =
        Math.max(0, m.get("pages_planned") + (shardsTotal - m.get("shards_done")) - m.get("pages"));
    String eta = rate > 0 ? formatSeconds(pagesLeft / rate) : "?";
    return String.format(
        "progress: shards %d/%d done, %,d runs, %,d requests (%.1f/s), %d retries, %d x 429,"
            + " ETA %s",
        m.get("shards_done"),
        shardsTotal,
        m.get("runs_read"),
        requests,
        rate,
        m.get("retries"),
        m.get("responses_429"),
        eta);
  }

  private static String formatSeconds(double s) {
    long t = Math.round(s);
    return String.format("%d:%02d", t / 60, t % 60);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
