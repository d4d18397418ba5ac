package com.amperityworkflowruns.io;

import com.amperityworkflowruns.model.TimeRanges;

import java.util.Objects;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The parameters of one page request: a time window (of creation times, or of end times for the
 * stream reader), its cursor, and whether to ask for total.
 */
final class PageRequest {
  final long fromMicros;
  final long toMicros;
  final @Nullable String token;
  final boolean withTotal;
  /** Whether the window filters on {@code ended_from}/{@code ended_to} instead of created. */
  final boolean byEnded;

  PageRequest(long fromMicros, long toMicros, @Nullable String token, boolean withTotal) {
    this(fromMicros, toMicros, token, withTotal, false);
  }

  private PageRequest(
      long fromMicros, long toMicros, @Nullable String token, boolean withTotal, boolean byEnded) {
    this.fromMicros = fromMicros;
    this.toMicros = toMicros;
    this.token = token;
    this.withTotal = withTotal;
    this.byEnded = byEnded;
  }

  /** A page of the runs that ended in {@code [fromMicros, toMicros)}, without total. */
  static PageRequest ended(long fromMicros, long toMicros, @Nullable String token) {
    return new PageRequest(fromMicros, toMicros, token, false, true);
  }

  /** The request of the next page along the same chain. */
  PageRequest next(String nextToken) {
    return new PageRequest(fromMicros, toMicros, nextToken, false, byEnded);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof PageRequest)) {
      return false;
    }
    PageRequest r = (PageRequest) o;
    return fromMicros == r.fromMicros
        && toMicros == r.toMicros
        && withTotal == r.withTotal
        && byEnded == r.byEnded
        && Objects.equals(token, r.token);
  }

  @Override
  public int hashCode() {
    return Objects.hash(fromMicros, toMicros, token, withTotal, byEnded);
  }

  @Override
  public String toString() {
    return (byEnded ? "ended [" : "[")
        + TimeRanges.format(fromMicros)
        + ", "
        + TimeRanges.format(toMicros)
        + ")"
        + (token == null ? " first page" : " page after a cursor");
  }
}
