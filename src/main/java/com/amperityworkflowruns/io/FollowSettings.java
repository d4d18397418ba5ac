package com.amperityworkflowruns.io;

import com.amperityworkflowruns.model.ScaledClock;
import java.io.Serializable;

/**
 * The follow settings of one stream read, and the window arithmetic of {@link FollowRunsFn}: where
 * the next poll window ends, when it becomes readable, and where a drain stops. Pure and immutable:
 * every method is a function of its arguments and the settings (times in epoch milliseconds of
 * {@link #clock}).
 *
 * <p>A window never crosses a multiple of {@link #alignmentMillis} (the statistics window); it is
 * readable once it lies before {@code now - settleDelay}, and then either reaches the next
 * alignment boundary or is at least {@link #pollIntervalMillis} wide.
 */
final class FollowSettings implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Returned by {@link #nextWindowEnd} when no window is readable yet. */
  static final long NOT_YET = Long.MIN_VALUE;

  final long followFromMillis;
  final long stopAtMillis;
  final long pollIntervalMillis;
  final long settleDelayMillis;
  final long alignmentMillis;
  final ScaledClock clock;

  FollowSettings(
      long followFromMillis,
      long stopAtMillis,
      long pollIntervalMillis,
      long settleDelayMillis,
      long alignmentMillis,
      ScaledClock clock) {
    this.followFromMillis = followFromMillis;
    this.stopAtMillis = stopAtMillis;
    this.pollIntervalMillis = pollIntervalMillis;
    this.settleDelayMillis = settleDelayMillis;
    this.alignmentMillis = alignmentMillis;
    this.clock = clock;
  }

  /** The first multiple of the alignment after {@code millis}. */
  long gridEnd(long millis) {
    return Math.floorDiv(millis, alignmentMillis) * alignmentMillis + alignmentMillis;
  }

  /** The latest end time the API has settled at {@code now}: {@code now - settleDelay}. */
  long readable(long now) {
    return now - settleDelayMillis;
  }

  /**
   * The end of the window to read from {@code from} (before {@code to}) at {@code now}: the next
   * alignment boundary (or {@code to}) when it is readable; else everything readable, when that
   * is at least a poll interval wide; else {@link #NOT_YET}.
   */
  long nextWindowEnd(long from, long to, long now) {
    long readable = readable(now);
    long candidate = Math.min(to, gridEnd(from));
    if (candidate <= readable) {
      return candidate;
    }
    if (readable - from >= pollIntervalMillis) {
      return readable;
    }
    return NOT_YET;
  }

  /** The clock time at which the window from {@code from} (before {@code to}) becomes readable. */
  long readableAt(long from, long to) {
    return Math.min(Math.min(to, gridEnd(from)), from + pollIntervalMillis) + settleDelayMillis;
  }

  /**
   * Where a drain stops a range that has read up to {@code from}: the end of the alignment period
   * in progress ({@code from} itself on a boundary), so that no written statistics window is
   * partial.
   */
  long drainEnd(long from) {
    return from % alignmentMillis == 0 ? from : gridEnd(from);
  }
}
