package com.amperityworkflowruns.io;

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
 * thread-safe): it checks each cursor position once, not on every poll.
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
    if (!checked.add(cursor.fromMicros + "-" + cursor.toMicros + "@" + cursor.pagesRead)) {
      return null;
    }
    List<ShardSpool.KeptPage> kept = spool.keptPages(cursor);
    int from = cursor.pagesRead;
    if (kept.size() <= from
        || (from > 0 && !Objects.equals(kept.get(from - 1).nextToken, cursor.token))
        || (from == 0 && cursor.token != null)) {
      return null;
    }
    Cursor c = cursor;
    for (ShardSpool.KeptPage page : kept.subList(from, kept.size())) {
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
    if (from == 0) {
      counters.shardsResumed.inc();
    }
    return true;
  }
}
