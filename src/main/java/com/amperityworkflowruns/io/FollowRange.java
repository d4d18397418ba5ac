package com.amperityworkflowruns.io;

import com.amperityworkflowruns.fetch.Cursor;
import com.amperityworkflowruns.model.TimeRanges;
import java.util.Objects;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The restriction of the stream reader: the end times {@code [fromMillis, toMillis)} still to
 * follow, open-ended when {@code toMillis} is {@link #OPEN}. Every run that ended before {@code
 * fromMillis} has been read. While a poll window {@code [fromMillis, windowEndMillis)} is being
 * paged through, {@code token} is the cursor of its next page (null: its first page). Immutable;
 * on the wire by {@link FollowRangeCoder}, never by Java serialization.
 */
final class FollowRange {

  /** The end of an open-ended range. */
  static final long OPEN = Long.MAX_VALUE;

  final long fromMillis;
  final long toMillis;
  final @Nullable Long windowEndMillis;
  final @Nullable String token;
  /** Pages of the current window claimed so far. */
  final int pagesRead;
  /** Times the current window was read again from its first page after a refused cursor. */
  final int restarts;

  FollowRange(
      long fromMillis,
      long toMillis,
      @Nullable Long windowEndMillis,
      @Nullable String token,
      int pagesRead,
      int restarts) {
    if (toMillis < fromMillis) {
      throw new IllegalArgumentException("follow range ends before it starts: " + fromMillis
          + ".." + toMillis);
    }
    if (windowEndMillis != null && (windowEndMillis <= fromMillis || windowEndMillis > toMillis)) {
      throw new IllegalArgumentException("poll window end " + windowEndMillis + " outside ("
          + fromMillis + ", " + toMillis + "]");
    }
    this.fromMillis = fromMillis;
    this.toMillis = toMillis;
    this.windowEndMillis = windowEndMillis;
    this.token = token;
    this.pagesRead = pagesRead;
    this.restarts = restarts;
  }

  /** Everything from {@code fromMillis} to {@code toMillis}, nothing read yet. */
  static FollowRange of(long fromMillis, long toMillis) {
    return new FollowRange(fromMillis, toMillis, null, null, 0, 0);
  }

  boolean isDone() {
    return fromMillis >= toMillis;
  }

  boolean isOpenEnded() {
    return toMillis == OPEN;
  }

  /** The same position with a new end (drain); null when nothing would be left. */
  @Nullable
  FollowRange endingAt(long newToMillis) {
    long to = Math.max(newToMillis, windowEndMillis == null ? fromMillis : windowEndMillis);
    to = Math.min(to, toMillis);
    if (to <= fromMillis) {
      return null;
    }
    return new FollowRange(fromMillis, to, windowEndMillis, token, pagesRead, restarts);
  }

  /** A cursor naming the window in progress, for error messages. */
  Cursor describe(long windowEnd) {
    return new Cursor(fromMillis * 1000, windowEnd * 1000, token, pagesRead, null, restarts);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof FollowRange)) {
      return false;
    }
    FollowRange r = (FollowRange) o;
    return fromMillis == r.fromMillis
        && toMillis == r.toMillis
        && pagesRead == r.pagesRead
        && restarts == r.restarts
        && Objects.equals(windowEndMillis, r.windowEndMillis)
        && Objects.equals(token, r.token);
  }

  @Override
  public int hashCode() {
    return Objects.hash(fromMillis, toMillis, windowEndMillis, token);
  }

  @Override
  public String toString() {
    return "ended ["
        + TimeRanges.format(fromMillis * 1000)
        + ", "
        + (isOpenEnded() ? "open" : TimeRanges.format(toMillis * 1000))
        + ")"
        + (windowEndMillis == null
            ? ""
            : " in window to " + TimeRanges.format(windowEndMillis * 1000)
                + (token == null ? "" : " after page " + pagesRead));
  }
}
