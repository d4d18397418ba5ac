package com.amperityworkflowruns.io;

import com.amperityworkflowruns.api.Credentials;
import com.amperityworkflowruns.api.RunsApiClient;
import com.amperityworkflowruns.model.RawRun;
import com.amperityworkflowruns.model.ScaledClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.splittabledofn.SplitResult;
import org.apache.beam.sdk.transforms.splittabledofn.WatermarkEstimators;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.joda.time.Instant;

/**
 * Runs {@link FollowRunsFn} the way a runner does, without a pipeline: one call after another on
 * the residual of the last, with a real {@link FollowTracker} and watermark estimator, a
 * checkpoint whenever a call asks to resume, and the clock the test sets before each call. The
 * JVM's fetcher of the read lives from construction to {@link #close}.
 */
final class FollowDriver implements AutoCloseable {
  /** A run emitted, with its timestamp. */
  record Emitted(String json, long timestampMillis) {}

  final List<Emitted> runs = new ArrayList<>();
  final List<KV<Long, Long>> windows = new ArrayList<>();
  /** The watermark after each call. */
  final List<Long> watermarks = new ArrayList<>();
  final ReadConfig config;
  FollowRange range;
  Instant watermark;
  /** The continuation of the last call. */
  DoFn.ProcessContinuation last;

  private final long followFrom;
  private final long stopAt;
  private final long poll;
  private final long settle;
  private final long alignment;

  FollowDriver(RunsApiClient api, long followFrom, long stopAt, long poll, long settle,
      long alignment) {
    this.config = ReadConfig.builder()
        .baseUrl("http://127.0.0.1:1/api")
        .tenant("acme")
        .apiVersion("2024-04-01")
        .runsPath("/workflow/runs")
        .credentials(Credentials.tokenFromEnvironment())
        .pageSize(2)
        .rateLimit(1000)
        .shardDuration(Duration.ofDays(7))
        .maxRetries(2)
        .initialBackoff(Duration.ZERO)
        .requestTimeout(Duration.ofSeconds(5))
        .readAheadPages(3)
        .maxChainPages(30)
        .clientFactory(c -> api)
        .build();
    this.followFrom = followFrom;
    this.stopAt = stopAt;
    this.poll = poll;
    this.settle = settle;
    this.alignment = alignment;
    // holds the JVM's fetcher for this read between calls, as a runner's DoFn instance does
    Fetchers.acquire(config);
    FollowRunsFn fn = fn(0);
    this.range = fn.initialRestriction();
    this.watermark = fn.initialWatermark(range);
  }

  FollowRunsFn fn(long nowMillis) {
    return new FollowRunsFn(config,
        new FollowSettings(followFrom, stopAt, poll, settle, alignment,
            ScaledClock.fixed(java.time.Instant.ofEpochMilli(nowMillis))),
        FollowRuns.RUNS, FollowRuns.WINDOWS_READ);
  }

  /** One call at clock time {@code nowMillis}; true when the range is finished. */
  boolean call(long nowMillis) throws InterruptedException {
    FollowRunsFn fn = fn(nowMillis);
    fn.setup();
    try {
      FollowTracker tracker = fn.newTracker(range);
      WatermarkEstimators.Manual estimator = fn.newWatermarkEstimator(watermark);
      last = fn.process(tracker, estimator, new Outputs());
      watermark = estimator.currentWatermark();
      watermarks.add(watermark.getMillis());
      if (!last.shouldResume()) {
        tracker.checkDone();
        range = tracker.currentRestriction();
        return true;
      }
      SplitResult<FollowRange> split = tracker.trySplit(0);
      tracker.checkDone();
      if (split == null) {
        return true;
      }
      range = split.getResidual();
      return false;
    } finally {
      fn.teardown();
    }
  }

  /** Calls at {@code nowMillis} until the range is finished or a call asks for a delay. */
  void runAt(long nowMillis) throws InterruptedException {
    for (int i = 0; i < 10_000; i++) {
      if (call(nowMillis) || last.resumeDelay().getMillis() > 1000) {
        return;
      }
    }
    throw new AssertionError("the reader did not settle");
  }

  @Override
  public void close() {
    Fetchers.release(config);
  }

  List<String> ids() {
    List<String> ids = new ArrayList<>();
    for (Emitted e : runs) {
      ids.add(e.json().substring(7, e.json().indexOf('"', 7)));
    }
    return ids;
  }

  private final class Outputs implements DoFn.MultiOutputReceiver {
    @SuppressWarnings("unchecked")
    @Override
    public <T> DoFn.OutputReceiver<T> get(TupleTag<T> tag) {
      if (tag.getId().equals(FollowRuns.RUNS.getId())) {
        return (DoFn.OutputReceiver<T>) new TimedReceiver<RawRun>(
            (r, ts) -> runs.add(new Emitted(r.json, ts)));
      }
      return (DoFn.OutputReceiver<T>) new TimedReceiver<KV<Long, Long>>((w, ts) -> windows.add(w));
    }

    @Override
    public <T> DoFn.OutputReceiver<Row> getRowReceiver(TupleTag<T> tag) {
      throw new UnsupportedOperationException();
    }
  }

  /** An output receiver that hands every element and its timestamp to a consumer. */
  static final class TimedReceiver<T> implements DoFn.OutputReceiver<T> {
    private final java.util.function.BiConsumer<T, Long> consumer;

    TimedReceiver(java.util.function.BiConsumer<T, Long> consumer) {
      this.consumer = consumer;
    }

    @Override
    public org.apache.beam.sdk.values.OutputBuilder<T> builder(T value) {
      return org.apache.beam.sdk.values.WindowedValues.<T>builder()
          .setValue(value)
          .setTimestamp(Instant.now())
          .setWindow(org.apache.beam.sdk.transforms.windowing.GlobalWindow.INSTANCE)
          .setPaneInfo(org.apache.beam.sdk.transforms.windowing.PaneInfo.NO_FIRING)
          .setReceiver(w -> consumer.accept(w.getValue(), w.getTimestamp().getMillis()));
    }
  }
}
