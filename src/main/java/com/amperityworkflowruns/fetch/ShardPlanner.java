package com.amperityworkflowruns.fetch;

import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Sizes shards to the data.
 *
 * <p>By default a read starts at once on {@link #grid} shards: {@value #GRID_SHARDS} of equal width
 * (one a day for shorter ranges), enough chains to fill the budget from the first second, with no
 * request spent before reading. With a fixed {@code shardDuration} it starts as windows of that
 * width instead. Each window's first request asks for {@code total} (the only request that does,
 * so the expensive count is paid once per shard). A window of at most {@code maxChainPages} pages
 * is read along its cursor chain, so sparse and empty windows cost one request; a busier one is
 * split into equal sub-windows of about {@code targetPages} pages each, whose first pages are
 * counted the same way (skew inside a window is found and split again). Splitting costs the one
 * page already read, which is why only chains too long to finish alongside the rest are split.
 */
public final class ShardPlanner {
  private static final long MICROS_PER_MILLI = 1000;
  /** Shards a read starts with by default: enough chains to fill the budget at once. */
  public static final int GRID_SHARDS = 16;
  /** No default starting shard is narrower than a day (a nightly job stays a few requests). */
  private static final long DAY_MICROS = 86_400_000_000L;
  /** Sub-shards of a split aim at this share of {@code maxChainPages} (room for the count's error). */
  static final double TARGET_SHARE = 0.7;

  private final int pageSize;
  private final int maxChainPages;
  private final int targetPages;

  public ShardPlanner(int pageSize, int maxChainPages) {
    this.pageSize = pageSize;
    this.maxChainPages = Math.max(1, maxChainPages);
    this.targetPages = Math.max(1, (int) Math.ceil(this.maxChainPages * TARGET_SHARE));
  }

  /** The initial shards: {@code [from, to)} cut at multiples of {@code shardMicros} from {@code from}. */
  public static List<Cursor> initialShards(long fromMicros, long toMicros, long shardMicros) {
    List<Cursor> shards = new ArrayList<>();
    for (long start = fromMicros; start < toMicros; ) {
      long end = Math.min(toMicros, start + shardMicros);
      shards.add(Cursor.start(start, end));
      start = end;
    }
    return shards;
  }

  /**
   * The default starting shards: {@code [from, to)} in {@value #GRID_SHARDS} windows of equal
   * width, fewer when the range is shorter than that many days (one a day, at least one), at whole
   * milliseconds. Each is counted by its own first page and split if busy, so no request is spent
   * before reading and the budget is full from the first second (a count of the whole range first
   * would leave it idle for one answer's latency).
   */
  public static List<Cursor> grid(long fromMicros, long toMicros) {
    long days = (toMicros - fromMicros) / DAY_MICROS;
    long widthMillis = (toMicros - fromMicros) / MICROS_PER_MILLI;
    long parts = Math.max(1, Math.min(Math.min(GRID_SHARDS, days), widthMillis));
    return cut(fromMicros, toMicros, parts);
  }

  /** The pages a split's sub-shards aim at. */
  public int targetPages() {
    return targetPages;
  }

  /** {@code [from, to)} in {@code parts} windows of equal width, at whole milliseconds. */
  static List<Cursor> cut(long fromMicros, long toMicros, long parts) {
    long widthMillis = (toMicros - fromMicros) / MICROS_PER_MILLI;
    List<Cursor> shards = new ArrayList<>();
    long start = fromMicros;
    for (long i = 1; i <= parts; i++) {
      long end = i == parts ? toMicros : fromMicros + (widthMillis * i / parts) * MICROS_PER_MILLI;
      shards.add(Cursor.start(start, end));
      start = end;
    }
    return shards;
  }

  /**
   * The sub-shards to read instead of {@code shard}, or null to go on reading it. Boundaries are
   * whole milliseconds, the API's precision.
   */
  @Nullable
  public List<Cursor> split(Cursor shard, @Nullable Long total) {
    if (total == null || shard.token != null) {
      return null;
    }
    long pages = (total + pageSize - 1) / pageSize;
    if (pages <= maxChainPages) {
      return null;
    }
    long widthMillis = (shard.toMicros - shard.fromMicros) / MICROS_PER_MILLI;
    long parts = Math.min((pages + targetPages - 1) / targetPages, widthMillis);
    if (parts < 2) {
      return null;
    }
    List<Cursor> subShards = new ArrayList<>();
    long start = shard.fromMicros;
    for (long i = 1; i <= parts; i++) {
      long end =
          i == parts
              ? shard.toMicros
              : shard.fromMicros + (widthMillis * i / parts) * MICROS_PER_MILLI;
      subShards.add(Cursor.start(start, end));
      start = end;
    }
    return subShards;
  }
}
