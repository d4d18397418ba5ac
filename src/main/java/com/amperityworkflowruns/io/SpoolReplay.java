package com.amperityworkflowruns.io;

import com.amperityworkflowruns.fetch.Cursor;
import com.amperityworkflowruns.model.TimeRanges;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.beam.sdk.transforms.DoFn.OutputReceiver;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.values.KV;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The {@code --resume} side of {@link ReadRunsFn}: emits the pages an earlier, interrupted run kept
 * in the {@link ShardSpool} for a cursor's chain, claiming each as if just read, so that the chain
 * goes on from the token after the last kept page without a request. One per DoFn instance (not
 * thread-safe): it checks each cursor position once, not on every poll, and never a position it
 * reached itself by reading the page before it from the API or by replaying every kept page before
 * it (the spool holds nothing further there), so that a chain read from the API costs no spool
 * look-up per page.
 */
final class SpoolReplay {
  private final ShardSpool spool;
  private final ReadCounters counters;
  /** Cursor positions whose spool was already checked by this instance. */
  private final Set<String> checked = new HashSet<>();

  SpoolReplay(ShardSpool spool, ReadCounters counters) {
    this.spool = spool;
    this.counters = counters;
  }

  /**
   * Replays the kept pages of {@code cursor}'s chain from where the cursor stands. True when pages
   * were replayed, false when a claim failed, null when there is nothing to replay. A kept page is
   * used only if the chain reached it the same way (the token before it matches the cursor's), so
   * a restarted shard never mixes chains.
   */
  @Nullable
  Boolean replay(
      Cursor cursor,
      RestrictionTracker<ShardRestriction, Claim> tracker,
      OutputReceiver<KV<String, List<String>>> out) {
    if (!checked.add(key(cursor, cursor.pagesRead))) {
      return null;
    }
    int from = cursor.pagesRead;
    // the page before the cursor (its token must match) and the kept ones from the cursor on
    int first = Math.max(0, from - 1);
    List<ShardSpool.KeptPage> kept = spool.keptPages(cursor, first);
    int skip = from - first;
    if (kept.size() <= skip
        || (from > 0 && !Objects.equals(kept.get(0).nextToken, cursor.token))
        || (from == 0 && cursor.token != null)) {
      return null;
    }
    Cursor c = cursor;
    for (ShardSpool.KeptPage page : kept.subList(skip, kept.size())) {
      if (!tracker.tryClaim(Claim.page(c, page.nextToken, page.total))) {
        return false;
      }
      out.output(KV.of(TimeRanges.date(c.fromMicros), page.runs));
      counters.runsRead.inc(page.runs.size());
      counters.pagesResumed.inc();
      if (page.nextToken == null) {
        counters.shardsDone.inc();
        break;
      }
      c = c.advance(page.nextToken, page.total);
    }
    checked.add(key(c, c.pagesRead)); // every kept page of the chain was replayed here
    if (from == 0) {
      counters.shardsResumed.inc();
    }
    return true;
  }

  /**
   * The page at {@code cursor} was claimed from the API: the position after it needs no look-up,
   * as a chain is kept without gaps and this one was not kept past {@code cursor}.
   */
  void readFromApi(Cursor cursor) {
    checked.add(key(cursor, cursor.pagesRead + 1));
  }

  private static String key(Cursor cursor, int position) {
    return cursor.fromMicros + "-" + cursor.toMicros + "@" + position;
  }
}
