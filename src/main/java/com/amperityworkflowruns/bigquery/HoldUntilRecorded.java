package com.amperityworkflowruns.bigquery;

import com.amperityworkflowruns.sink.ClosedWindow;
import com.amperityworkflowruns.sink.OutputLayout;
import com.amperityworkflowruns.sink.StreamLease;
import com.amperityworkflowruns.sink.StreamProgress;
import com.google.api.services.bigquery.model.TableRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.splittabledofn.ManualWatermarkEstimator;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.transforms.splittabledofn.WatermarkEstimators;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Runs for the life of a stream into BigQuery: renews the job's stream lease ({@link
 * StreamLease}) and, with {@code --stopAt}, keeps the stream from ending before its last windows
 * are recorded. It emits nothing.
 *
 * <p>With {@code --stopAt} its watermark stands at {@code stopAt} (so every window before it
 * closes) until every window of {@code [followFrom, stopAt)} has its marker; then it gives the
 * lease back and ends, and the pipeline's watermark moves to the end of time. Why: {@code
 * BigQueryIO}'s Storage Write API batches rows in the global window and flushes them on a
 * processing-time trigger. When the input ends, the watermark jumps to the end of time and the
 * rows still batched are appended, but the flush of their buffered stream arrives after the global
 * window expired and is dropped (seen on the Direct runner with Beam's fakes): the rows never
 * become visible. Held here, the batches are flushed on their trigger like any other.
 *
 * <p>It has no clock of its own: a window that is not recorded fails the job by the clocks of the
 * steps that wait for it, each started when the window closed ({@link WindowCommits.BarrierFn}:
 * rows not reported written; {@link RecordCommittedFn}: rows not visible), so the last window's
 * clock starts when the watermark reaches {@code stopAt}, however long the replay before it took.
 * Markers are checked once a second (real time); the lease is renewed a third of its life after
 * the last renewal. A lease another job took fails the job (retried forever on Dataflow: it counts
 * {@code stream_windows_stuck}).
 */
@DoFn.UnboundedPerElement
final class HoldUntilRecorded extends DoFn<byte[], TableRow> {
  private static final Duration POLL = Duration.standardSeconds(1);

  private final OutputLayout state;
  private final long followFromMillis;
  /** The end of the last window, or -1 for a stream without --stopAt (only the lease is kept). */
  private final long stopAtMillis;
  private final long statsWindowMillis;
  private final @Nullable String leaseJobId;
  private final Counter stuck = Metrics.counter("amperity", "stream_windows_stuck");
  private transient long renewedNanos;

  HoldUntilRecorded(OutputLayout state, long followFromMillis, long stopAtMillis,
      long statsWindowMillis, @Nullable String leaseJobId) {
    this.state = state;
    this.followFromMillis = followFromMillis;
    this.stopAtMillis = stopAtMillis;
    this.statsWindowMillis = statsWindowMillis;
    this.leaseJobId = leaseJobId;
  }

  @GetInitialRestriction
  public OffsetRange initialRestriction() {
    return new OffsetRange(0, 1);
  }

  @GetInitialWatermarkEstimatorState
  public Instant initialWatermark() {
    return new Instant(Math.max(stopAtMillis, followFromMillis));
  }

  @GetWatermarkEstimatorStateCoder
  public org.apache.beam.sdk.coders.Coder<Instant> watermarkStateCoder() {
    return InstantCoder.of();
  }

  @NewWatermarkEstimator
  public WatermarkEstimators.Manual newWatermarkEstimator(@WatermarkEstimatorState Instant s) {
    return new WatermarkEstimators.Manual(s);
  }

  @ProcessElement
  public ProcessContinuation process(
      RestrictionTracker<OffsetRange, Long> tracker, ManualWatermarkEstimator<Instant> watermark) {
    watermark.setWatermark(new Instant(Math.max(stopAtMillis, followFromMillis)));
    renewLease();
    if (stopAtMillis >= 0 && allRecorded()) {
      if (leaseJobId != null) {
        StreamLease.release(state, leaseJobId);
      }
      tracker.tryClaim(0L);
      return ProcessContinuation.stop();
    }
    return ProcessContinuation.resume().withResumeDelay(POLL);
  }

  private void renewLease() {
    long third = StreamLease.TTL.toNanos() / 3;
    if (leaseJobId == null || (renewedNanos != 0 && System.nanoTime() - renewedNanos < third)) {
      return;
    }
    try {
      StreamLease.renew(state, leaseJobId);
      renewedNanos = System.nanoTime();
    } catch (IOException e) {
      stuck.inc();
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  private boolean allRecorded() {
    long expected = (stopAtMillis - followFromMillis) / statsWindowMillis;
    try {
      long recorded = 0;
      for (ClosedWindow w : StreamProgress.closedWindows(state)) {
        if (w.windowStart >= followFromMillis && w.windowEnd <= stopAtMillis) {
          recorded++;
        }
      }
      return recorded >= expected;
    } catch (IOException e) {
      // a marker being written right now reads as empty: look again in a second
      return false;
    }
  }
}
