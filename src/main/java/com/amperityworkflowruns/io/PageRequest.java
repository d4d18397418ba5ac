package com.amperityworkflowruns.io;

import com.amperityworkflowruns.model.TimeRanges;

import java.util.Objects;
import org.checkerframework.checker.nullness.qual.Nullable;

/** The parameters of one page request: a time window, its cursor, and whether to ask for total. */
final class PageRequest {
  final long fromMicros;
  final long toMicros;
  final @Nullable String token;
  final boolean withTotal;

  PageRequest(long fromMicros, long toMicros, @Nullable String token, boolean withTotal) {
    this.fromMicros = fromMicros;
    this.toMicros = toMicros;
    this.token = token;
    this.withTotal = withTotal;
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
        && Objects.equals(token, r.token);
  }

  @Override
  public int hashCode() {
    return Objects.hash(fromMicros, toMicros, token, withTotal);
  }

  @Override
  public String toString() {
    return "["
        + TimeRanges.format(fromMicros)
        + ", "
        + TimeRanges.format(toMicros)
        + ")"
        + (token == null ? " first page" : " page after a cursor");
  }
}
