package com.amperityworkflowruns.launcher;

import com.amperityworkflowruns.bigquery.BigQueryBackend;
import com.amperityworkflowruns.bigquery.stream.StreamBigQueryOutput;
import com.amperityworkflowruns.io.FollowRuns;
import com.amperityworkflowruns.io.RunsApiIO;
import com.amperityworkflowruns.model.Reject;
import com.amperityworkflowruns.model.WindowTypeStats;
import com.amperityworkflowruns.model.WorkflowRun;
import com.amperityworkflowruns.options.WorkflowRunsOptions;
import com.amperityworkflowruns.sink.CloseWindows;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.sink.WriteStreamTables;
import com.amperityworkflowruns.transforms.DeduplicateRejects;
import com.amperityworkflowruns.transforms.DeduplicateRuns;
import com.amperityworkflowruns.transforms.FileUnderTenant;
import com.amperityworkflowruns.transforms.KeepFinishedRuns;
import com.amperityworkflowruns.transforms.NormalizeRuns;
import com.amperityworkflowruns.transforms.WindowedTypeStats;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Builds the stream job: follow runs as they end, keep the finished ones once per window, compute
 * statistics per type and window, write the three stream tables window by window (Parquet files,
 * or BigQuery tables through the Storage Write API), and record each window once its files are
 * written or its rows committed. Reader, normalizer and deduplication are the batch ones.
 */
final class StreamPipeline {
  /**
   * No allowed lateness: the reader's watermark is the end of what it has fully read and it never
   * emits behind it, so no run arrives after its window closed; each window fires once.
   */
  private static final org.joda.time.Duration NONE = org.joda.time.Duration.ZERO;

  private StreamPipeline() {}

  /**
   * The reader of the stream: the batch reader's connection settings, followed by end time. It is
   * one restriction read by one JVM, so it gets the whole {@code rateLimit}, however many workers
   * the job has (no {@code withWorkers}).
   */
  static FollowRuns reader(StreamSettings s) {
    return FollowRuns.over(RateLimiters.apply(connection(s), s.base))
        .withFollowFrom(s.followFrom)
        .withStopAt(s.stopAt)
        .withPollInterval(s.pollInterval)
        .withSettleDelay(s.settleDelay)
        .withWindowAlignment(s.statsWindow)
        .withClock(s.clock);
  }

  /** The batch reader's connection settings the stream reads with. */
  static RunsApiIO.Read connection(StreamSettings s) {
    JobSettings b = s.base;
    WorkflowRunsOptions o = b.options;
    return
        RunsApiIO.read()
            .withBaseUrl(b.baseUrl)
            .withTenant(b.tenant)
            .withApiVersion(o.getApiVersion())
            .withRunsPath(o.getRunsPath())
            .withCredentials(b.credentials)
            .withState(o.getState())
            .withType(o.getType())
            .withPageSize(PageSizes.current(o))
            .withRateLimit(o.getRateLimit())
            .withReadAheadPages(o.getReadAheadPages())
            .withMaxRetries(o.getMaxRetries());
  }

  /** Adds every step to {@code pipeline}. */
  static void build(Pipeline pipeline, StreamSettings s, BigQueryBackend bigQuery) {
    build(pipeline, s, bigQuery, Set.of(), null);
  }

  /**
   * Adds every step to {@code pipeline}; into BigQuery, the windows starting at {@code recorded}
   * are not written again and the job {@code leaseJobId} renews the stream lease.
   */
  static void build(Pipeline pipeline, StreamSettings s, BigQueryBackend bigQuery,
      Set<Long> recorded, @Nullable String leaseJobId) {
    PCollectionTuple followed = pipeline.apply("FollowRuns", reader(s));
    PCollectionTuple normalized =
        followed.get(FollowRuns.RUNS).apply("NormalizeRuns", new NormalizeRuns());
    FixedWindows windows = FixedWindows.of(org.joda.time.Duration.millis(s.statsWindow.toMillis()));

    PCollection<WorkflowRun> finished =
        normalized.get(NormalizeRuns.RUNS)
            .apply("KeepFinishedRuns", new KeepFinishedRuns())
            .apply("WindowRuns", Window.<WorkflowRun>into(windows).withAllowedLateness(NONE))
            .apply("DeduplicateRuns", new DeduplicateRuns())
            .apply("FileUnderTenant", FileUnderTenant.of(s.base.tenant));
    PCollection<WindowTypeStats> stats =
        finished.apply("ComputeWindowStats", new WindowedTypeStats());
    PCollection<Reject> rejects =
        normalized.get(NormalizeRuns.REJECTS)
            .apply("WindowRejects", Window.<Reject>into(windows).withAllowedLateness(NONE))
            .apply("DeduplicateRejects", new DeduplicateRejects());
    PCollection<KV<Long, Long>> polls =
        followed.get(FollowRuns.WINDOWS_READ).apply("WindowPolls", Window.<KV<Long, Long>>into(windows).withAllowedLateness(NONE));

    OutputLayout layout = s.base.layout();
    if (s.base.dataset != null) {
      PCollectionTuple.of(StreamBigQueryOutput.RUNS, finished)
          .and(StreamBigQueryOutput.STATS, stats)
          .and(StreamBigQueryOutput.REJECTS, rejects)
          .and(StreamBigQueryOutput.POLLS, polls)
          .apply("WriteStreamBigQuery", StreamBigQueryOutput.to(s.base.dataset, bigQuery, layout)
              .forJob(s.followFrom.toEpochMilli(), s.statsWindow.toMillis(), s.clock)
              .withStopAt(s.stopAt == null ? null : s.stopAt.toEpochMilli())
              .skipping(recorded)
              .withLease(leaseJobId));
      return;
    }
    PCollection<String> written =
        PCollectionTuple.of(WriteStreamTables.RUNS, finished)
            .and(WriteStreamTables.STATS, stats)
            .and(WriteStreamTables.REJECTS, rejects)
            .apply("WriteStreamTables", WriteStreamTables.to(layout));
    PCollectionTuple.of(CloseWindows.RUNS, finished)
        .and(CloseWindows.REJECTS, rejects)
        .and(CloseWindows.POLLS, polls)
        .and(CloseWindows.WRITTEN, written)
        .apply("CloseWindows",
            CloseWindows.to(layout, s.followFrom.toEpochMilli(), s.statsWindow.toMillis(), s.clock));
  }
}
