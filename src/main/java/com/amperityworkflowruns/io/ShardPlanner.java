package com.amperityworkflowruns.io;

import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Sizes shards to the data.
 *
 * <p>By default the whole range is counted first and cut into shards of about {@code targetPages}
 * pages ({@link #countSized}); with a fixed {@code shardDuration} it starts as windows of that
 * width instead. Each window's first request asks for
 * {@code total} (the only request that does, so the expensive count is paid once per shard). A
 * window of at most {@code maxChainPages} pages is read along its cursor chain, so sparse and
 * empty windows cost one request; a busier one is split into equal sub-windows of about {@code
 * targetPages} pages each, whose first pages are counted the same way (skew inside a window is
 * found and split again). Splitting costs the one page already read, which is why only chains too
 * long to finish alongside the rest are split.
 */
final class ShardPlanner {
  private static final long MICROS_PER_MILLI = 1000;
  /** Chains read at once when the count allows: ~10 requests/s at answers of up to ~1.5 s. */
  static final long MIN_PARALLEL_CHAINS = 16;
  /** No chain shorter than this on average just for parallelism. */
  static final long MIN_CHAIN_PAGES = 4;

  private final int pageSize;
  private final int maxChainPages;
  private final int targetPages;

  ShardPlanner(int pageSize, int maxChainPages) {
    this.pageSize = pageSize;
    this.maxChainPages = Math.max(1, maxChainPages);
    this.targetPages = Math.max(1, (int) Math.ceil(this.maxChainPages * 0.6));
  }

  /** The initial shards: {@code [from, to)} cut at multiples of {@code shardMicros} from {@code from}. */
  static List<Cursor> initialShards(long fromMicros, long toMicros, long shardMicros) {
    List<Cursor> shards = new ArrayList<>();
    for (long start = fromMicros; start < toMicros; ) {
      long end = Math.min(toMicros, start + shardMicros);
      shards.add(Cursor.start(start, end));
      start = end;
    }
    return shards;
  }

  /**
   * Shards sized from the count of the whole range (one {@code with_total} request): about {@code
   * targetPages} pages each on average, at least {@link #MIN_PARALLEL_CHAINS} when there are that
   * many pages (so that enough chains run at once to fill the budget), cut at whole milliseconds.
   * Few shards means few partial last pages and first pages, whatever the page size; a shard that
   * the count's average hides (a busy day) is split again by its own first page's total.
   */
  List<Cursor> countSized(long fromMicros, long toMicros, long total) {
    long pages = Math.max(1, (total + pageSize - 1) / pageSize);
    long parts = Math.max((pages + targetPages - 1) / targetPages,
        Math.min(MIN_PARALLEL_CHAINS, pages / MIN_CHAIN_PAGES));
    long widthMillis = (toMicros - fromMicros) / MICROS_PER_MILLI;
    parts = Math.max(1, Math.min(parts, widthMillis));
    return cut(fromMicros, toMicros, parts);
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
  List<Cursor> split(Cursor shard, @Nullable Long total) {
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
