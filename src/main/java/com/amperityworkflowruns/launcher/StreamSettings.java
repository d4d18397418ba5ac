package com.amperityworkflowruns.launcher;

import com.amperityworkflowruns.model.ScaledClock;
import com.amperityworkflowruns.model.TimeRanges;
import com.amperityworkflowruns.gcp.SecretStore;
import com.amperityworkflowruns.options.WorkflowRunsOptions;
import com.amperityworkflowruns.sink.LegacyOutput;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.sink.StreamProgress;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The validated settings of a stream job ({@code --mode=stream}): the connection, credential and
 * output settings it shares with batch ({@link JobSettings}), plus where to start and stop, how
 * often to poll and the statistics window. Every bad input fails here with one line.
 */
public final class StreamSettings {
  public final JobSettings base;
  /** Start of the first window followed (a multiple of the statistics window). */
  final Instant followFrom;
  /** Whether --followFrom was rounded down to a window boundary. */
  final boolean followFromRounded;
  /** Whether --followFrom=resume found the start in the output. */
  final boolean resumed;
  /** End of the last window followed, or null to follow until cancelled. */
  final @Nullable Instant stopAt;
  final Duration pollInterval;
  final Duration settleDelay;
  final Duration statsWindow;
  /** What "now" is: the wall clock, or the live simulator's clock. */
  final ScaledClock clock;

  private StreamSettings(
      JobSettings base,
      Instant followFrom,
      boolean followFromRounded,
      boolean resumed,
      @Nullable Instant stopAt,
      Duration pollInterval,
      Duration settleDelay,
      Duration statsWindow,
      ScaledClock clock) {
    this.base = base;
    this.followFrom = followFrom;
    this.followFromRounded = followFromRounded;
    this.resumed = resumed;
    this.stopAt = stopAt;
    this.pollInterval = pollInterval;
    this.settleDelay = settleDelay;
    this.statsWindow = statsWindow;
    this.clock = clock;
  }

  /**
   * Validates and resolves a stream job's options.
   *
   * @param liveClock the embedded live simulator's clock, or null for the wall clock
   * @throws IllegalArgumentException with a one-line, actionable message
   */
  public static StreamSettings resolve(
      WorkflowRunsOptions o,
      Map<String, String> env,
      Clock clock,
      SecretStore.Factory secrets,
      @Nullable ScaledClock liveClock) {
    require(o.getCreatedFrom() == null && o.getCreatedTo() == null,
        "--mode=stream follows runs by when they end: use --followFrom (and --stopAt) instead of"
            + " --createdFrom/--createdTo");
    require(o.getLookbackDays() == null,
        "--mode=stream follows runs by when they end: use --followFrom instead of --lookbackDays");
    require(!Boolean.TRUE.equals(o.getResume()),
        "--resume is for batch jobs: a stream continues with --followFrom=resume");
    require(o.getReadPollInterval() == null,
        "--readPollInterval is for batch reads: a stream polls for new windows with"
            + " --pollInterval");
    Duration poll = duration("--pollInterval", o.getPollInterval());
    require(!poll.isNegative() && !poll.isZero(),
        "--pollInterval must be positive, got " + o.getPollInterval());
    Duration settle = duration("--settleDelay", o.getSettleDelay());
    require(!settle.isNegative(), "--settleDelay must be 0 or more, got " + o.getSettleDelay());
    Duration window = duration("--statsWindow", o.getStatsWindow());
    require(!window.isNegative() && !window.isZero(),
        "--statsWindow must be positive, got " + o.getStatsWindow());
    require(Duration.ofDays(1).toMillis() % window.toMillis() == 0,
        "--statsWindow=" + o.getStatsWindow() + " must divide a day (e.g. PT5M, PT15M, PT1H, PT6H,"
            + " P1D), so that no window crosses midnight");
    require(o.getFollowFrom() != null,
        "--followFrom is required with --mode=stream (an ISO 8601 UTC instant, or 'resume')");
    Instant stopAt = o.getStopAt() == null ? null : floor(parse("--stopAt", o.getStopAt()), window);

    JobSettings base = JobSettings.resolve(o, env, clock, secrets);
    OutputCheck.ensureOutputReachable(base.output, env); // its scheme and credentials first
    LegacyOutput.checkNotLegacy(base.output, base.tenant); // before reading its stream state

    Instant from;
    boolean rounded = false;
    boolean resumed = false;
    if ("resume".equals(o.getFollowFrom())) {
      Optional<Instant> point;
      try {
        point = StreamProgress.resumePoint(base.layout(), window);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "--followFrom=resume: cannot read the stream state in " + base.output + ": "
                + e.getMessage());
      }
      require(point.isPresent(), "--followFrom=resume: " + base.output + " holds no stream state"
          + " yet; start with --followFrom=TIMESTAMP");
      from = point.get();
      resumed = true;
      require(stopAt == null || from.isBefore(stopAt), "--followFrom=resume: this output was"
          + " already followed up to " + from + ", not before --stopAt=" + o.getStopAt());
    } else {
      Instant given = parse("--followFrom", o.getFollowFrom());
      from = floor(given, window);
      rounded = !from.equals(given);
      require(stopAt == null || from.isBefore(stopAt),
          "--stopAt (" + o.getStopAt() + ") must be after --followFrom (" + o.getFollowFrom()
              + ") by at least one --statsWindow (" + o.getStatsWindow() + ")");
    }
    return new StreamSettings(base, from, rounded, resumed, stopAt, poll, settle, window,
        liveClock != null ? liveClock : ScaledClock.system());
  }

  /** The latest multiple of {@code window} (from the epoch) at or before {@code t}. */
  static Instant floor(Instant t, Duration window) {
    long w = window.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), w) * w);
  }

  private static Duration duration(String option, @Nullable String value) {
    try {
      return Duration.parse(value);
    } catch (DateTimeParseException | NullPointerException e) {
      throw new IllegalArgumentException(
          option + "=" + value + " is not an ISO 8601 duration (e.g. PT1M, PT2M, PT1H)");
    }
  }

  private static Instant parse(String option, String value) {
    try {
      return TimeRanges.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage());
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
