package com.amperityworkflowruns.bigquery;

import com.amperityworkflowruns.sink.ClosedWindow;
import com.amperityworkflowruns.sink.OutputLayout;
import com.amperityworkflowruns.sink.StreamProgress;
import com.google.api.services.bigquery.model.TableRow;
import java.io.IOException;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.splittabledofn.ManualWatermarkEstimator;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.transforms.splittabledofn.WatermarkEstimators;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Keeps a stream with {@code --stopAt} from ending before its last windows are recorded. It emits
 * nothing; its watermark stands at {@code stopAt} (so every window before it closes) until every
 * window of {@code [followFrom, stopAt)} has its marker, then it ends and the pipeline's watermark
 * moves to the end of time.
 *
 * <p>Why: {@code BigQueryIO}'s Storage Write API batches rows in the global window and flushes
 * them on a processing-time trigger. When the input ends, the watermark jumps to the end of time
 * and the rows still batched are appended, but the flush of their buffered stream arrives after
 * the global window expired and is dropped (seen on the Direct runner with Beam's fakes): the rows
 * never become visible. Held here, the batches are flushed on their trigger like any other.
 * Checked once a second (real time); gives up after {@code maxHold}, leaving the missing windows
 * unrecorded (the job then fails or a resume reads them again).
 */
@DoFn.UnboundedPerElement
final class HoldUntilRecorded extends DoFn<byte[], TableRow> {
  private final OutputLayout state;
  private final long followFromMillis;
  private final long stopAtMillis;
  private final long statsWindowMillis;
  private final Duration maxHold;
  private transient long firstCheckNanos;

  HoldUntilRecorded(OutputLayout state, long followFromMillis, long stopAtMillis,
      long statsWindowMillis, Duration maxHold) {
    this.state = state;
    this.followFromMillis = followFromMillis;
    this.stopAtMillis = stopAtMillis;
    this.statsWindowMillis = statsWindowMillis;
    this.maxHold = maxHold;
  }

  @GetInitialRestriction
  public OffsetRange initialRestriction() {
    return new OffsetRange(0, 1);
  }

  @GetInitialWatermarkEstimatorState
  public Instant initialWatermark() {
    return new Instant(stopAtMillis);
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
    watermark.setWatermark(new Instant(stopAtMillis));
    if (firstCheckNanos == 0) {
      firstCheckNanos = System.nanoTime();
    }
    boolean waitedEnough =
        System.nanoTime() - firstCheckNanos > maxHold.getMillis() * 1_000_000L;
    if (allRecorded() || waitedEnough) {
      tracker.tryClaim(0L);
      return ProcessContinuation.stop();
    }
    return ProcessContinuation.resume().withResumeDelay(Duration.standardSeconds(1));
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
