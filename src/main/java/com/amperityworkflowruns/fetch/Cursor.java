package com.amperityworkflowruns.fetch;

import com.amperityworkflowruns.api.PageRequest;
import com.amperityworkflowruns.model.TimeRanges;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where the reading of one time shard {@code [fromMicros, toMicros)} stands: before its first page
 * ({@code token == null}) or before the page of an opaque {@code next_token}. A finished shard has
 * no cursor. Immutable.
 */
public final class Cursor implements Serializable {
  private static final long serialVersionUID = 1L;

  public final long fromMicros;
  public final long toMicros;
  public final @Nullable String token;
  /** Pages of this shard claimed so far. */
  public final int pagesRead;
  /** The shard's run count from its first page's {@code total}, when known. */
  public final @Nullable Long total;
  /** Restarts from the first page after the API refused a {@code next_token}. */
  public final int restarts;

  public Cursor(
      long fromMicros,
      long toMicros,
      @Nullable String token,
      int pagesRead,
      @Nullable Long total,
      int restarts) {
    if (toMicros <= fromMicros) {
      throw new IllegalArgumentException("empty shard " + fromMicros + ".." + toMicros);
    }
    this.fromMicros = fromMicros;
    this.toMicros = toMicros;
    this.token = token;
    this.pagesRead = pagesRead;
    this.total = total;
    this.restarts = restarts;
  }

  public static Cursor start(long fromMicros, long toMicros) {
    return new Cursor(fromMicros, toMicros, null, 0, null, 0);
  }

  /** The request for the page this cursor points at; first pages ask for {@code total}. */
  public PageRequest request() {
    return new PageRequest(fromMicros, toMicros, token, token == null);
  }

  /** The cursor after a claimed page whose successor is {@code nextToken}. */
  public Cursor advance(String nextToken, @Nullable Long pageTotal) {
    return new Cursor(
        fromMicros, toMicros, nextToken, pagesRead + 1, total != null ? total : pageTotal, restarts);
  }

  /**
   * The cursors that read the shard again from the first page: its two halves (cut at a whole
   * millisecond) when it is wide enough, so that a cursor chain the API keeps refusing gets
   * shorter with every restart, else the shard itself.
   */
  public List<Cursor> restart() {
    long widthMillis = (toMicros - fromMicros) / 1000;
    if (widthMillis < 2) {
      return List.of(new Cursor(fromMicros, toMicros, null, 0, null, restarts + 1));
    }
    long mid = fromMicros + widthMillis / 2 * 1000;
    return List.of(
        new Cursor(fromMicros, mid, null, 0, null, restarts + 1),
        new Cursor(mid, toMicros, null, 0, null, restarts + 1));
  }

  /** Pages left to read, estimated from {@code total} (1 when unknown). */
  public long estimatedPagesLeft(int pageSize) {
    if (total == null) {
      return 1;
    }
    return Math.max(1, (total + pageSize - 1) / pageSize - pagesRead);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof Cursor)) {
      return false;
    }
    Cursor c = (Cursor) o;
    return fromMicros == c.fromMicros
        && toMicros == c.toMicros
        && pagesRead == c.pagesRead
        && restarts == c.restarts
        && Objects.equals(token, c.token)
        && Objects.equals(total, c.total);
  }

  @Override
  public int hashCode() {
    return Objects.hash(fromMicros, toMicros, token, pagesRead);
  }

  @Override
  public String toString() {
    return "shard ["
        + TimeRanges.format(fromMicros)
        + ", "
        + TimeRanges.format(toMicros)
        + ")"
        + (token == null ? "" : " after page " + pagesRead);
  }
}
