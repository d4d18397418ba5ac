package com.amperityworkflowruns.bigquery.stream;

import com.amperityworkflowruns.model.ScaledClock;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.sink.StreamLease;
import com.amperityworkflowruns.sink.StreamProgress;
import com.google.api.services.bigquery.model.TableRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.splittabledofn.ManualWatermarkEstimator;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker.TruncateResult;
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
 * <h3>Restriction</h3>
 *
 * {@link #HOLDING}, {@code [0, 1)}, while the stream runs; its one position is claimed when the
 * hold ends. After a drain began, {@code [end, end + 1)} ({@link #closing}): {@code end} is where
 * the drained job stops writing, the end of the statistics window in progress (the stream's
 * reader never reads past the clock, and a drain finishes its window), or {@code stopAt} when
 * earlier. Coded by Beam's {@link OffsetRange.Coder}, explicitly.
 *
 * <h3>Drain</h3>
 *
 * A drain truncates the restriction ({@code @TruncateRestriction}): Beam's default keeps a bounded
 * restriction as it is, and {@code [0, 1)} is bounded, so without this the hold would run on and
 * the drain would never end. Truncated, it becomes {@link #closing} and the hold ends once every
 * window of {@code [followFrom, end)} is recorded, or {@link #DRAIN_GRACE} after {@code end} by the
 * clock, whichever comes first. Until then it renews the lease, so that no other job takes the
 * dataset while this one still writes its last windows; then it gives the lease back. The release
 * is made by the call that claims the end (a truncation runs without one, and may be run again).
 *
 * <h3>Markers</h3>
 *
 * Checked once a second (real time) by their names, from the first window not yet seen recorded
 * and at most {@link #SCAN_DAYS} days a call ({@link StreamProgress#firstUnrecorded}): no marker
 * is read, and none before {@code followFrom}. The lease is renewed first, a third of its life
 * after the last renewal, so a slow listing never lets it lapse.
 *
 * <p>It has no deadline of its own while holding: a window that is not recorded fails the job by
 * the clocks of the steps that wait for it, each started when the window closed ({@link
 * WindowCommits.BarrierFn}: rows not reported written; {@link RecordCommittedFn}: rows not
 * visible), so the last window's clock starts when the watermark reaches {@code stopAt}, however
 * long the replay before it took. A lease another job took fails the job (retried forever on
 * Dataflow: it counts {@code stream_windows_stuck}).
 */
@DoFn.UnboundedPerElement
final class HoldUntilRecorded extends DoFn<byte[], TableRow> {
  /** The restriction while the stream runs. */
  static final OffsetRange HOLDING = new OffsetRange(0, 1);
  /**
   * How long after the drained job's last window ends it may still write: the reader's settle
   * delay (2 minutes by default) and the time a window's rows take to become visible ({@link
   * StreamBigQueryOutput#DEFAULT_COMMIT_WAIT}), with some to spare.
   */
  static final Duration DRAIN_GRACE = Duration.standardMinutes(15);
  /** The most days of markers listed in one call. */
  static final int SCAN_DAYS = 31;
  private static final Duration POLL = Duration.standardSeconds(1);

  private final OutputLayout state;
  private final long followFromMillis;
  /** The end of the last window, or -1 for a stream without --stopAt (only the lease is kept). */
  private final long stopAtMillis;
  private final long statsWindowMillis;
  private final ScaledClock clock;
  private final @Nullable String leaseJobId;
  private final Counter stuck = Metrics.counter("amperity", "stream_windows_stuck");
  private transient long renewedNanos;
  /** Every window before this one was seen recorded by this instance (0: none seen yet). */
  private transient long recordedUpTo;

  HoldUntilRecorded(OutputLayout state, long followFromMillis, long stopAtMillis,
      long statsWindowMillis, ScaledClock clock, @Nullable String leaseJobId) {
    this.state = state;
    this.followFromMillis = followFromMillis;
    this.stopAtMillis = stopAtMillis;
    this.statsWindowMillis = statsWindowMillis;
    this.clock = clock;
    this.leaseJobId = leaseJobId;
  }

  /** The restriction once a drain began: the hold ends when {@code [followFrom, end)} is done. */
  static OffsetRange closing(long endMillis) {
    return new OffsetRange(endMillis, endMillis + 1);
  }

  static boolean isClosing(OffsetRange r) {
    return r.getFrom() > 0;
  }

  @GetInitialRestriction
  public OffsetRange initialRestriction() {
    return HOLDING;
  }

  @GetRestrictionCoder
  public Coder<OffsetRange> restrictionCoder() {
    return OffsetRange.Coder.of();
  }

  @GetInitialWatermarkEstimatorState
  public Instant initialWatermark() {
    return new Instant(Math.max(stopAtMillis, followFromMillis));
  }

  @GetWatermarkEstimatorStateCoder
  public Coder<Instant> watermarkStateCoder() {
    return InstantCoder.of();
  }

  @NewWatermarkEstimator
  public WatermarkEstimators.Manual newWatermarkEstimator(@WatermarkEstimatorState Instant s) {
    return new WatermarkEstimators.Manual(s);
  }

  /**
   * On drain: a closing restriction, which ends once the drained job's windows are recorded (see
   * the class comment); null once the hold has ended.
   */
  @TruncateRestriction
  public @Nullable TruncateResult<OffsetRange> truncate(@Restriction OffsetRange range) {
    if (range.getFrom() >= range.getTo()) {
      return null;
    }
    if (isClosing(range)) {
      return TruncateResult.of(range);
    }
    long windowEnd = Math.floorDiv(clock.millis(), statsWindowMillis) * statsWindowMillis
        + statsWindowMillis;
    long end = stopAtMillis >= 0 ? Math.min(stopAtMillis, windowEnd) : windowEnd;
    return TruncateResult.of(closing(Math.max(end, followFromMillis)));
  }

  @ProcessElement
  public ProcessContinuation process(
      RestrictionTracker<OffsetRange, Long> tracker, ManualWatermarkEstimator<Instant> watermark) {
    watermark.setWatermark(new Instant(Math.max(stopAtMillis, followFromMillis)));
    renewLease();
    OffsetRange range = tracker.currentRestriction();
    boolean done;
    if (isClosing(range)) {
      long end = range.getFrom();
      done = recordedUpTo(end) || clock.millis() >= end + DRAIN_GRACE.getMillis();
    } else {
      done = stopAtMillis >= 0 && recordedUpTo(stopAtMillis);
    }
    if (!done) {
      return ProcessContinuation.resume().withResumeDelay(POLL);
    }
    if (!tracker.tryClaim(range.getFrom())) {
      return ProcessContinuation.stop();
    }
    if (leaseJobId != null) {
      StreamLease.release(state, leaseJobId);
    }
    return ProcessContinuation.stop();
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

  /** Whether every window of {@code [followFrom, end)} has its marker. */
  private boolean recordedUpTo(long end) {
    long from = Math.max(followFromMillis, recordedUpTo);
    try {
      recordedUpTo = StreamProgress.firstUnrecorded(state, from, end, statsWindowMillis, SCAN_DAYS);
    } catch (IOException e) {
      // the listing failed this time: look again in a second
      return false;
    }
    return recordedUpTo >= end;
  }
}
