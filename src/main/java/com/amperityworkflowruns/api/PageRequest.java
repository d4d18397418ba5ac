package com.amperityworkflowruns.api;

import com.amperityworkflowruns.model.TimeRanges;

import java.util.Objects;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The parameters of one page request: a time window (of creation times, or of end times for the
 * stream reader), its cursor, and whether to ask for total.
 */
public final class PageRequest {
  public final long fromMicros;
  public final long toMicros;
  public final @Nullable String token;
  public final boolean withTotal;
  /** Whether the window filters on {@code ended_from}/{@code ended_to} instead of created. */
  public final boolean byEnded;
  /**
   * With a created window, also {@code ended_from}: only runs that ended at or after it (the
   * probe for runs that ended after they were last read); null for none.
   */
  final @Nullable Long endedFromMicros;

  public PageRequest(long fromMicros, long toMicros, @Nullable String token, boolean withTotal) {
    this(fromMicros, toMicros, token, withTotal, false, null);
  }

  private PageRequest(long fromMicros, long toMicros, @Nullable String token, boolean withTotal,
      boolean byEnded, @Nullable Long endedFromMicros) {
    this.fromMicros = fromMicros;
    this.toMicros = toMicros;
    this.token = token;
    this.withTotal = withTotal;
    this.byEnded = byEnded;
    this.endedFromMicros = endedFromMicros;
  }

  /** A page of the runs that ended in {@code [fromMicros, toMicros)}, without total. */
  public static PageRequest ended(long fromMicros, long toMicros, @Nullable String token) {
    return new PageRequest(fromMicros, toMicros, token, false, true, null);
  }

  /**
   * A page of the runs created in {@code [fromMicros, toMicros)} that ended at or after {@code
   * endedFromMicros}, without total.
   */
  public static PageRequest createdEndedSince(
      long fromMicros, long toMicros, long endedFromMicros, @Nullable String token) {
    return new PageRequest(fromMicros, toMicros, token, false, false, endedFromMicros);
  }

  /** The request of the next page along the same chain. */
  public PageRequest next(String nextToken) {
    return new PageRequest(fromMicros, toMicros, nextToken, false, byEnded, endedFromMicros);
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
        && Objects.equals(endedFromMicros, r.endedFromMicros)
        && Objects.equals(token, r.token);
  }

  @Override
  public int hashCode() {
    return Objects.hash(fromMicros, toMicros, token, withTotal, byEnded, endedFromMicros);
  }

  @Override
  public String toString() {
    return (byEnded ? "ended [" : "[")
        + TimeRanges.format(fromMicros)
        + ", "
        + TimeRanges.format(toMicros)
        + ")"
        + (endedFromMicros == null ? "" : " ended from " + TimeRanges.format(endedFromMicros))
        + (token == null ? " first page" : " page after a cursor");
  }
}
