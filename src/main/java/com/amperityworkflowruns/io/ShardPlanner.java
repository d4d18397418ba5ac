package com.amperityworkflowruns.io;

import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Sizes shards to the data.
 *
 * <p>The range starts as windows of {@code shardDuration}. Each window's first request asks for
 * {@code total} (the only request that does, so the expensive count is paid once per shard). A
 * window of at most {@code maxChainPages} pages is read along its cursor chain, so sparse and
 * empty windows cost one request; a busier one is split into equal sub-windows of about {@code
 * targetPages} pages each, whose first pages are counted the same way (skew inside a window is
 * found and split again). Splitting costs the one page already read, which is why only chains too
 * long to finish alongside the rest are split.
 */
final class ShardPlanner {
  private static final long MICROS_PER_MILLI = 1000;

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
