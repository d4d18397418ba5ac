package com.amperityworkflowruns.io;

import com.amperityworkflowruns.api.ApiException;
import com.amperityworkflowruns.api.Page;
import com.amperityworkflowruns.api.PageRequest;
import com.amperityworkflowruns.fetch.Outcome;
import com.amperityworkflowruns.fetch.PageFetcher;
import com.amperityworkflowruns.fetch.ShardReadException;
import com.amperityworkflowruns.model.RawRun;
import com.amperityworkflowruns.model.TimeRanges;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Gauge;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.splittabledofn.ManualWatermarkEstimator;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker.TruncateResult;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.transforms.splittabledofn.WatermarkEstimators;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * An unbounded splittable DoFn that follows runs as they finish: it reads the runs whose {@code
 * ended_at} falls in successive poll windows {@code [watermark, now - settleDelay)} through the
 * API's {@code ended_from}/{@code ended_to} filters, and emits each run once per read.
 *
 * <h3>Initial restriction</h3>
 *
 * {@code [followFrom, stopAt)}, open-ended without {@code stopAt} ({@link FollowRange}).
 *
 * <h3>Splitting</h3>
 *
 * None: one restriction per job. The API allows a few requests per second per tenant, so one
 * reader keeps up with any tenant's runs; end times are read in order so that the watermark can
 * follow them.
 *
 * <h3>Poll windows</h3>
 *
 * A window never crosses a multiple of {@code alignment} (the statistics window), so every
 * statistics window closes as soon as it has been read. When catching up (replaying history, or
 * after a pause) windows are whole alignment periods and the first pages of the next ones are
 * asked for ahead through the shared {@link PageFetcher}; when live, a window is read once it is
 * at least {@code pollInterval} wide, or reaches an alignment boundary, and lies before {@code now
 * - settleDelay}: the settle delay gives the API time to show runs that have just ended ({@link
 * FollowSettings} does this arithmetic). A window's end is claimed before its first page is asked
 * for, so it stays fixed while its pages arrive, across calls and checkpoints.
 *
 * <h3>Checkpoint and resume</h3>
 *
 * Pages come from the JVM's shared {@link PageFetcher} (and its rate budget), never from this
 * thread. A call claims each finished page, then emits its runs; when nothing is ready it waits a
 * bounded time and returns {@code resume()}; when the next window is not readable yet it returns
 * {@code resume().withResumeDelay(...)} until it is (real time, converted from the clock's time).
 * The residual holds the window in progress and its cursor.
 *
 * <h3>Watermark</h3>
 *
 * Manual: set to the end of the last fully read window, after its runs were emitted. Runs are
 * emitted with the start of their window as timestamp (never before the watermark); downstream
 * re-stamps them with their {@code ended_at}, which lies in the window.
 *
 * <h3>Stop</h3>
 *
 * At {@code stopAt}, once every window before it was read. A drain truncates the restriction to
 * the end of the current alignment period ({@code @TruncateRestriction}), so that the last
 * statistics window is complete. A refused cursor reads the window again from its first page (up
 * to {@value ReadRunsFn#MAX_RESTARTS} times; the copies are removed downstream); another failure
 * that retries did not cure fails the bundle, naming the window and quoting the API.
 */
@DoFn.UnboundedPerElement
final class FollowRunsFn extends DoFn<byte[], RawRun> {
  private static final long POLL_NANOS = 250_000_000L;
  private static final long MIN_DELAY_MILLIS = 20;
  private static final long MAX_BUSY_DELAY_MILLIS = 1000;

  private final ReadConfig config;
  private final FollowSettings settings;
  private final TupleTag<RawRun> runsTag;
  private final TupleTag<KV<Long, Long>> windowsTag;
  private final Counter windowsRead = Metrics.counter(ReadCounters.NAMESPACE, "windows_read");
  private final Gauge lag = Metrics.gauge(ReadCounters.NAMESPACE, "watermark_lag_ms");
  private transient PageFetcher fetcher;
  private transient ReadCounters counters;

  FollowRunsFn(
      ReadConfig config,
      FollowSettings settings,
      TupleTag<RawRun> runsTag,
      TupleTag<KV<Long, Long>> windowsTag) {
    this.config = config;
    this.settings = settings;
    this.runsTag = runsTag;
    this.windowsTag = windowsTag;
  }

  @Setup
  public void setup() {
    fetcher = Fetchers.acquire(config);
    counters = new ReadCounters();
  }

  @Teardown
  public void teardown() {
    if (fetcher != null) {
      fetcher = null;
      Fetchers.release(config);
    }
  }

  @GetInitialRestriction
  public FollowRange initialRestriction() {
    return FollowRange.of(settings.followFromMillis, settings.stopAtMillis);
  }

  @NewTracker
  public FollowTracker newTracker(@Restriction FollowRange range) {
    return new FollowTracker(range);
  }

  /** Explicit and versioned: the checkpointed restriction survives an {@code --update}. */
  @GetRestrictionCoder
  public Coder<FollowRange> restrictionCoder() {
    return FollowRangeCoder.of();
  }

  @GetInitialWatermarkEstimatorState
  public Instant initialWatermark(@Restriction FollowRange range) {
    return new Instant(range.fromMillis);
  }

  @GetWatermarkEstimatorStateCoder
  public Coder<Instant> watermarkStateCoder() {
    return InstantCoder.of();
  }

  @NewWatermarkEstimator
  public WatermarkEstimators.Manual newWatermarkEstimator(@WatermarkEstimatorState Instant state) {
    return new WatermarkEstimators.Manual(state);
  }

  /** On drain: finish the statistics window in progress, so that no written window is partial. */
  @TruncateRestriction
  public @Nullable TruncateResult<FollowRange> truncate(@Restriction FollowRange range) {
    if (range.isDone()) {
      return null;
    }
    FollowRange truncated = range.endingAt(settings.drainEnd(range.fromMillis));
    return truncated == null ? null : TruncateResult.of(truncated);
  }

  @ProcessElement
  public ProcessContinuation process(
      RestrictionTracker<FollowRange, FollowClaim> tracker,
      ManualWatermarkEstimator<Instant> watermark,
      MultiOutputReceiver out)
      throws InterruptedException {
    // the budget's wall-clock wait since the last call, for Dataflow's autoscaler
    counters.throttled.inc(fetcher.drainThrottledMillis());
    counters.recordFallbacks(fetcher);
    long pollDeadline = System.nanoTime() + POLL_NANOS;
    while (true) {
      FollowRange range = tracker.currentRestriction();
      if (range.isDone()) {
        return ProcessContinuation.stop();
      }
      long now = settings.clock.millis();
      lag.set(Math.max(0, now - range.fromMillis));
      if (range.windowEndMillis == null) {
        long windowEnd = settings.nextWindowEnd(range.fromMillis, range.toMillis, now);
        if (windowEnd == FollowSettings.NOT_YET) {
          long wakeAt = settings.readableAt(range.fromMillis, range.toMillis);
          long delay = Math.max(MIN_DELAY_MILLIS, settings.clock.realMillis(wakeAt - now));
          return ProcessContinuation.resume().withResumeDelay(Duration.millis(delay));
        }
        // fix the window's end before asking for it: "now" moves on while its pages arrive
        if (!tracker.tryClaim(FollowClaim.open(range.fromMillis, windowEnd))) {
          return ProcessContinuation.stop();
        }
        continue;
      }
      long windowEnd = range.windowEndMillis;
      PageRequest request =
          PageRequest.ended(range.fromMillis * 1000, windowEnd * 1000, range.token);
      fetcher.request(request, 1);
      if (range.token == null) {
        askAhead(range, windowEnd, settings.readable(now));
      }
      Outcome outcome = fetcher.poll(request);
      if (outcome == null) {
        long left = pollDeadline - System.nanoTime();
        if (left <= 0) {
          long eta = fetcher.etaMillis(List.of(request));
          return ProcessContinuation.resume()
              .withResumeDelay(
                  Duration.millis(Math.max(MIN_DELAY_MILLIS, Math.min(MAX_BUSY_DELAY_MILLIS, eta))));
        }
        fetcher.awaitAny(List.of(request), left);
        continue;
      }
      if (!claimAndEmit(range, windowEnd, outcome, tracker, watermark, out)) {
        return ProcessContinuation.stop();
      }
      fetcher.release(request);
      pollDeadline = System.nanoTime() + POLL_NANOS;
    }
  }

  /**
   * When catching up, asks for the first pages of the next whole windows that are already
   * readable, so that the network never waits for this call.
   */
  private void askAhead(FollowRange range, long windowEnd, long readable) {
    long start = windowEnd;
    for (int i = 0; i < config.readAheadPages && start < range.toMillis; i++) {
      long end = Math.min(range.toMillis, settings.gridEnd(start));
      if (end > readable) {
        return;
      }
      fetcher.request(PageRequest.ended(start * 1000, end * 1000, null), 0);
      start = end;
    }
  }

  private boolean claimAndEmit(
      FollowRange range,
      long windowEnd,
      Outcome outcome,
      RestrictionTracker<FollowRange, FollowClaim> tracker,
      ManualWatermarkEstimator<Instant> watermark,
      MultiOutputReceiver out) {
    if (outcome.error != null) {
      ApiException error = outcome.error;
      if (error.kind() == ApiException.Kind.INVALID_TOKEN
          && range.token != null
          && range.restarts < ReadRunsFn.MAX_RESTARTS) {
        if (!tracker.tryClaim(FollowClaim.restart(range.fromMillis, windowEnd, range.token))) {
          return false;
        }
        counters.record(outcome);
        counters.shardRestarts.inc();
        // forget the refusal, so that the cursor is asked for anew if the API serves it again
        fetcher.release(PageRequest.ended(range.fromMillis * 1000, windowEnd * 1000, range.token));
        return true;
      }
      counters.record(outcome);
      fetcher.release(PageRequest.ended(range.fromMillis * 1000, windowEnd * 1000, range.token));
      throw new ShardReadException(range.describe(windowEnd), error);
    }
    Page page = outcome.page;
    if (!tracker.tryClaim(
        FollowClaim.page(range.fromMillis, windowEnd, range.token, page.nextToken))) {
      return false;
    }
    counters.record(outcome);
    counters.pages.inc();
    Instant timestamp = new Instant(range.fromMillis);
    String date = TimeRanges.date(range.fromMillis * 1000);
    for (String run : page.runs) {
      out.get(runsTag).outputWithTimestamp(new RawRun(run, date), timestamp);
    }
    counters.runsRead.inc(page.runs.size());
    if (page.nextToken == null) {
      out.get(windowsTag).outputWithTimestamp(KV.of(range.fromMillis, windowEnd), timestamp);
      watermark.setWatermark(new Instant(windowEnd));
      windowsRead.inc();
      lag.set(Math.max(0, settings.clock.millis() - windowEnd));
    }
    return true;
  }
}
