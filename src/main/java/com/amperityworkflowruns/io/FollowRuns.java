package com.amperityworkflowruns.io;

import com.amperityworkflowruns.model.RawRun;
import com.amperityworkflowruns.model.ScaledClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.transforms.Impulse;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Follows workflow runs as they finish: an unbounded read of the runs whose {@code ended_at} lies
 * after {@code followFrom} (and before {@code stopAt}, when set), through the same connection
 * settings, fetcher and rate budget as {@link RunsApiIO#read()}.
 *
 * <pre>{@code
 * PCollectionTuple followed =
 *     pipeline.apply("FollowRuns",
 *         FollowRuns.over(RunsApiIO.read().withBaseUrl(url).withTenant("acme")
 *                 .withCredentials(Credentials.tokenFile("/secrets/amperity-token")))
 *             .withFollowFrom(Instant.parse("2024-03-01T00:00:00Z"))
 *             .withPollInterval(Duration.ofMinutes(1))
 *             .withSettleDelay(Duration.ofMinutes(2)));
 * PCollection<RawRun> runs = followed.get(FollowRuns.RUNS);
 * }</pre>
 *
 * <p>{@link #RUNS}: every run that ended in a window read, at least once (a page may repeat a
 * run; deduplicate by id), timestamped with its window's start; the watermark is the end of the
 * last fully read window. {@link #WINDOWS_READ}: one {@code (start, end)} pair in epoch
 * milliseconds per poll window read, timestamped with its start, so that downstream steps see
 * every period that was read, even one without a run. See {@link FollowRunsFn} for how it polls.
 */
public final class FollowRuns extends PTransform<PBegin, PCollectionTuple> {
  /** The runs read. */
  public static final TupleTag<RawRun> RUNS = new TupleTag<RawRun>("runs") {};
  /** One {@code KV(startMillis, endMillis)} per poll window read. */
  public static final TupleTag<KV<Long, Long>> WINDOWS_READ =
      new TupleTag<KV<Long, Long>>("windowsRead") {};

  private final RunsApiIO.Read connection;
  private final @Nullable Instant followFrom;
  private final @Nullable Instant stopAt;
  private final Duration pollInterval;
  private final Duration settleDelay;
  private final Duration alignment;
  private final ScaledClock clock;

  private FollowRuns(
      RunsApiIO.Read connection,
      @Nullable Instant followFrom,
      @Nullable Instant stopAt,
      Duration pollInterval,
      Duration settleDelay,
      Duration alignment,
      ScaledClock clock) {
    this.connection = connection;
    this.followFrom = followFrom;
    this.stopAt = stopAt;
    this.pollInterval = pollInterval;
    this.settleDelay = settleDelay;
    this.alignment = alignment;
    this.clock = clock;
  }

  /**
   * Follows with the connection settings of {@code connection} (base URL, tenant, credentials,
   * filters, page size, rate limit, retries); its created range, if any, is not used. Defaults:
   * poll interval 1 minute, settle delay 2 minutes, windows aligned to whole hours, wall clock.
   */
  public static FollowRuns over(RunsApiIO.Read connection) {
    require(connection != null, "over() needs the reader's connection settings");
    return new FollowRuns(
        connection,
        null,
        null,
        Duration.ofMinutes(1),
        Duration.ofMinutes(2),
        Duration.ofHours(1),
        ScaledClock.system());
  }

  /** Where to start: runs that ended at or after this instant (milliseconds). Required. */
  public FollowRuns withFollowFrom(Instant from) {
    require(from != null, "withFollowFrom() needs an instant");
    Instant f = from.truncatedTo(ChronoUnit.MILLIS);
    require(stopAt == null || f.isBefore(stopAt),
        "followFrom (" + f + ") must be before stopAt (" + stopAt + ")");
    return new FollowRuns(connection, f, stopAt, pollInterval, settleDelay, alignment, clock);
  }

  /** Where to stop: the read ends once every run that ended before it was read. Default: never. */
  public FollowRuns withStopAt(@Nullable Instant to) {
    Instant t = to == null ? null : to.truncatedTo(ChronoUnit.MILLIS);
    require(t == null || followFrom == null || followFrom.isBefore(t),
        "stopAt (" + t + ") must be after followFrom (" + followFrom + ")");
    return new FollowRuns(connection, followFrom, t, pollInterval, settleDelay, alignment, clock);
  }

  /** The least width of a live poll window, so the time between polls; default 1 minute. */
  public FollowRuns withPollInterval(Duration d) {
    require(d != null && d.toMillis() > 0, "pollInterval must be positive, got " + d);
    return new FollowRuns(connection, followFrom, stopAt, d, settleDelay, alignment, clock);
  }

  /** How long after now a window's end must lie before it is read; default 2 minutes. */
  public FollowRuns withSettleDelay(Duration d) {
    require(d != null && !d.isNegative(), "settleDelay must be 0 or more, got " + d);
    return new FollowRuns(connection, followFrom, stopAt, pollInterval, d, alignment, clock);
  }

  /**
   * No poll window crosses a multiple of this (counted from the epoch), so statistics windows of
   * this width close as soon as they were read; default 1 hour.
   */
  public FollowRuns withWindowAlignment(Duration d) {
    require(d != null && d.toMillis() > 0, "window alignment must be positive, got " + d);
    return new FollowRuns(connection, followFrom, stopAt, pollInterval, settleDelay, d, clock);
  }

  /** The clock that says what "now" is; default the wall clock. */
  public FollowRuns withClock(ScaledClock clock) {
    require(clock != null, "withClock() needs a clock");
    return new FollowRuns(connection, followFrom, stopAt, pollInterval, settleDelay, alignment, clock);
  }

  @Override
  public PCollectionTuple expand(PBegin input) {
    require(followFrom != null, "withFollowFrom() is required");
    ReadConfig config = config();
    FollowSettings settings =
        new FollowSettings(
            followFrom.toEpochMilli(),
            stopAt == null ? FollowRange.OPEN : stopAt.toEpochMilli(),
            pollInterval.toMillis(),
            settleDelay.toMillis(),
            alignment.toMillis(),
            clock);
    PCollectionTuple out =
        input
            .apply("Start", Impulse.create())
            .apply(
                "FollowPages",
                ParDo.of(new FollowRunsFn(config, settings, RUNS, WINDOWS_READ))
                    .withOutputTags(RUNS, TupleTagList.of(WINDOWS_READ)));
    try {
      out.get(RUNS).setCoder(input.getPipeline().getSchemaRegistry().getSchemaCoder(RawRun.class));
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException("RawRun must carry @DefaultSchema", e);
    }
    out.get(WINDOWS_READ).setCoder(KvCoder.of(VarLongCoder.of(), VarLongCoder.of()));
    return out;
  }

  /**
   * The reader's settings: the connection's, with the whole rate budget. The follow is one
   * restriction, read by one JVM at a time, so a {@link RunsApiIO.Read#withWorkers} count meant
   * for a batch read does not divide it.
   */
  ReadConfig config() {
    return connection.connectionConfig();
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
