package com.amperityworkflowruns.io;

import com.amperityworkflowruns.api.ApiException;
import com.amperityworkflowruns.api.Page;
import com.amperityworkflowruns.api.PageRequest;
import com.amperityworkflowruns.fetch.Cursor;
import com.amperityworkflowruns.fetch.Outcome;
import com.amperityworkflowruns.fetch.PageFetcher;
import com.amperityworkflowruns.fetch.ShardPlanner;
import com.amperityworkflowruns.fetch.ShardReadException;
import com.amperityworkflowruns.model.TimeRanges;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.values.KV;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * A splittable DoFn that reads every run created in a {@link RunsQuery}'s range, emitting each
 * page as one element (its shard's start date and its runs' JSON): a runner that checkpoints after
 * a number of outputs (the Direct runner: 100) then moves whole pages per call, not single runs.
 *
 * <h3>Initial restriction</h3>
 *
 * The range cut into {@link ShardPlanner#grid} shards (by default) or into shards of {@code
 * shardDuration} ({@link ShardPlanner#initialShards}), each before its first page. No request is
 * made before reading.
 *
 * <h3>Splitting</h3>
 *
 * {@code @SplitRestriction} gives every shard its own restriction, so runners read them in
 * parallel. A shard whose first page reports more runs than one chain should carry is replaced,
 * through a claim, by sub-shards within the same restriction ({@link ShardPlanner#split}). At run
 * time only checkpoints split ({@link ShardTracker} explains why).
 *
 * <h3>Checkpoint and resume</h3>
 *
 * Pages are fetched by the JVM's shared {@link PageFetcher}, never on this thread. A call claims
 * each finished page (claim, then emit its runs); when none is ready it polls the fetcher for a
 * bounded time (as KafkaIO polls its consumer) and then returns {@code resume()} with a delay
 * instead of waiting longer: the residual is the cursors as they stand, and the fetcher keeps
 * pages already read ahead for them, so resuming costs no request. A page is emitted
 * only after its claim succeeded and never again, so retries inside the fetcher re-emit nothing.
 *
 * <h3>Resume</h3>
 *
 * With a spool ({@link RunsApiIO.Read#withResumeSpool}) every claimed page is kept, with the
 * {@code next_token} that follows it, before its runs are emitted; a resumed job replays each
 * chain's kept pages without a request and goes on from its last kept token ({@link
 * ShardSpool}, {@link SpoolReplay}). A token the API refuses by then restarts only that shard, as
 * during a read. The pages are written off this thread ({@link SpoolWriter}); a call waits for its
 * writes before it returns, so the claims a runner commits are always of kept pages.
 *
 * <h3>Progress and size</h3>
 *
 * Estimated pages left, from each shard's {@code total} (1 for a shard not yet counted).
 *
 * <h3>Watermark</h3>
 *
 * Bounded: no watermark estimator.
 *
 * <h3>Stop</h3>
 *
 * When no cursor is left, or a claim fails after a checkpoint. A page that fails for good (a
 * non-retryable status, or retries exhausted) fails the bundle with the shard and the cause; a
 * refused {@code next_token} restarts its shard from the first page, split in halves so that the
 * chains get shorter (at most {@value #MAX_RESTARTS} restarts per shard, its halves inheriting
 * the count, so that a token the API keeps refusing cannot restart forever; the duplicates this
 * produces are removed downstream).
 */
@DoFn.BoundedPerElement
final class ReadRunsFn extends DoFn<RunsQuery, KV<String, List<String>>> {
  static final int MAX_RESTARTS = 10;
  private static final Duration MIN_DELAY = Duration.millis(20);
  private static final Duration MAX_DELAY = Duration.millis(1000);

  private final ReadConfig config;
  private transient PageFetcher fetcher;
  private transient ShardPlanner planner;
  private transient ReadCounters counters;
  private transient @Nullable SpoolWriter spoolWriter;
  /** With {@code --resume}: replays what an earlier run kept in the spool; else null. */
  private transient @Nullable SpoolReplay replay;

  ReadRunsFn(ReadConfig config) {
    this.config = config;
  }

  @Setup
  public void setup() {
    fetcher = Fetchers.acquire(config);
    planner = new ShardPlanner(config.pageSize, config.maxChainPages);
    counters = new ReadCounters();
    ShardSpool spool = config.spoolDir == null ? null : new ShardSpool(config.spoolDir);
    spoolWriter = spool == null ? null : new SpoolWriter(spool);
    replay = spool != null && config.resume ? new SpoolReplay(spool, counters) : null;
  }

  @Teardown
  public void teardown() {
    if (spoolWriter != null) {
      spoolWriter.close();
    }
    if (fetcher != null) {
      fetcher = null;
      Fetchers.release(config);
    }
  }

  @GetInitialRestriction
  public ShardRestriction initialRestriction(@Element RunsQuery query) {
    List<Cursor> cursors = new ArrayList<>(config.shardDuration == null
        ? ShardPlanner.grid(query.fromMicros, query.toMicros)
        : ShardPlanner.initialShards(
            query.fromMicros, query.toMicros, config.shardDuration.toMillis() * 1000));
    cursors.addAll(query.extraDayCursors());
    return new ShardRestriction(cursors);
  }

  /** One restriction per shard, so that runners read shards in parallel. */
  @SplitRestriction
  public void splitRestriction(
      @Restriction ShardRestriction restriction, OutputReceiver<ShardRestriction> out) {
    for (Cursor cursor : restriction.cursors) {
      out.output(ShardRestriction.of(cursor));
    }
  }

  @NewTracker
  public ShardTracker newTracker(@Restriction ShardRestriction restriction) {
    return new ShardTracker(restriction, config.pageSize);
  }

  @GetRestrictionCoder
  public Coder<ShardRestriction> restrictionCoder() {
    return ShardRestrictionCoder.of();
  }

  @GetSize
  public double size(@Restriction ShardRestriction restriction) {
    return restriction.estimatedPagesLeft(config.pageSize);
  }

  @ProcessElement
  public ProcessContinuation process(
      RestrictionTracker<ShardRestriction, Claim> tracker, OutputReceiver<KV<String, List<String>>> out)
      throws InterruptedException {
    // the bounded poll (as KafkaIO's), counted from the call's start or its last claimed page
    long pollNanos = config.pollInterval.toNanos();
    long pollDeadline = System.nanoTime() + pollNanos;
    try {
      ProcessContinuation continuation = readReadyPages(tracker, out, pollNanos, pollDeadline);
      if (spoolWriter != null) {
        spoolWriter.awaitWritten(); // before the runner commits this call's claims
      }
      return continuation;
    } catch (RuntimeException | InterruptedException e) {
      if (spoolWriter != null) {
        spoolWriter.abandon();
      }
      throw e;
    } finally {
      counters.throttled.inc(fetcher.drainThrottledMillis());
      counters.recordFallbacks(fetcher);
    }
  }

  private ProcessContinuation readReadyPages(
      RestrictionTracker<ShardRestriction, Claim> tracker,
      OutputReceiver<KV<String, List<String>>> out,
      long pollNanos,
      long pollDeadline)
      throws InterruptedException {
    while (true) {
      List<Cursor> cursors = tracker.currentRestriction().cursors;
      if (cursors.isEmpty()) {
        return ProcessContinuation.stop();
      }
      boolean progressed = false;
      List<PageRequest> waiting = new ArrayList<>();
      for (Cursor cursor : cursors) {
        Boolean replayed = replay == null ? null : replay.replay(cursor, tracker, out);
        if (replayed != null) {
          if (!replayed) {
            return ProcessContinuation.stop();
          }
          progressed = true;
          continue;
        }
        PageRequest request = cursor.request();
        fetcher.request(request, (int) Math.min(1 << 20, cursor.estimatedPagesLeft(config.pageSize)));
        Outcome outcome = fetcher.poll(request);
        if (outcome == null) {
          waiting.add(request);
          continue;
        }
        if (!claimAndEmit(cursor, outcome, tracker, out)) {
          return ProcessContinuation.stop();
        }
        fetcher.release(request);
        progressed = true;
      }
      if (progressed) {
        // pages keep coming: keep the call (and its output bundle) going until the runner
        // checkpoints it; fewer, larger bundles make the shuffles after the read cheaper
        pollDeadline = System.nanoTime() + pollNanos;
        continue;
      }
      long left = pollDeadline - System.nanoTime();
      if (left <= 0) {
        long eta = fetcher.etaMillis(waiting);
        return ProcessContinuation.resume()
            .withResumeDelay(
                Duration.millis(Math.max(MIN_DELAY.getMillis(), Math.min(MAX_DELAY.getMillis(), eta))));
      }
      fetcher.awaitAny(waiting, left);
    }
  }

  /** Claims what an outcome means for the cursor and emits a page's runs; false if the claim failed. */
  private boolean claimAndEmit(
      Cursor cursor,
      Outcome outcome,
      RestrictionTracker<ShardRestriction, Claim> tracker,
      OutputReceiver<KV<String, List<String>>> out) throws InterruptedException {
    if (outcome.error != null) {
      ApiException error = outcome.error;
      if (error.kind() == ApiException.Kind.INVALID_TOKEN
          && cursor.token != null
          && cursor.restarts < MAX_RESTARTS) {
        if (!tracker.tryClaim(Claim.restart(cursor))) {
          return false;
        }
        counters.record(outcome);
        counters.shardRestarts.inc();
        return true;
      }
      counters.record(outcome);
      // forget the failure, so that a retry of this bundle sends the request again
      fetcher.release(cursor.request());
      throw new ShardReadException(cursor, error);
    }
    Page page = outcome.page;
    List<Cursor> subShards = planner.split(cursor, page.total);
    if (subShards != null) {
      if (!tracker.tryClaim(Claim.split(cursor, subShards))) {
        return false;
      }
      counters.record(outcome);
      counters.shardsSplit.inc();
      counters.shardsAdded.inc(subShards.size() - 1);
      return true;
    }
    if (!tracker.tryClaim(Claim.page(cursor, page.nextToken, page.total))) {
      return false;
    }
    counters.record(outcome);
    counters.pages.inc();
    List<String> runs = ShardRangeFilter.keep(page.runs, cursor, counters.runsOutsideRange);
    if (spoolWriter != null) {
      spoolWriter.write(cursor, cursor.pagesRead, runs, page.nextToken,
          cursor.total != null ? cursor.total : page.total);
    }
    if (replay != null) {
      replay.readFromApi(cursor);
    }
    if (cursor.token == null) {
      counters.pagesPlanned.inc(
          page.total == null ? 1 : Math.max(1, (page.total + config.pageSize - 1) / config.pageSize));
    }
    if (page.nextToken == null) {
      counters.shardsDone.inc();
    }
    out.output(KV.of(TimeRanges.date(cursor.fromMicros), runs));
    counters.runsRead.inc(page.runs.size());
    return true;
  }
}
