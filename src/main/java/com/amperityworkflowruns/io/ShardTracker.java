package com.amperityworkflowruns.io;

import com.amperityworkflowruns.fetch.Cursor;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.transforms.splittabledofn.SplitResult;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Tracks which shards of a {@link ShardRestriction} are left while the reader claims pages.
 *
 * <p>Only checkpoints split it ({@code trySplit(0)}): the residual takes every cursor as it stands
 * and the primary keeps nothing, since everything it claimed is done. A page is one position of
 * an opaque cursor chain and cannot be divided, and moving a shard to a residual while the reader
 * may be about to claim its page would break the rule that a failed claim ends the call with the
 * primary fully done; so, like KafkaIO's reader, runtime splits at other fractions are declined
 * and parallelism comes from the initial split (one restriction per shard). After a checkpoint
 * every claim fails.
 */
final class ShardTracker extends RestrictionTracker<ShardRestriction, Claim>
    implements RestrictionTracker.HasProgress {
  private final int pageSize;
  private final List<Cursor> remaining;
  private boolean checkpointed;
  private long pagesClaimed;

  ShardTracker(ShardRestriction restriction, int pageSize) {
    this.remaining = new ArrayList<>(restriction.cursors);
    this.pageSize = pageSize;
  }

  @Override
  public synchronized boolean tryClaim(Claim claim) {
    if (checkpointed) {
      return false;
    }
    int index = remaining.indexOf(claim.from);
    if (index < 0) {
      throw new IllegalStateException(
          "claim of " + claim.from + " which is not in the restriction " + remaining);
    }
    remaining.remove(index);
    remaining.addAll(index, claim.to);
    if (claim.emitsPage) {
      pagesClaimed++;
    }
    return true;
  }

  @Override
  public synchronized ShardRestriction currentRestriction() {
    return new ShardRestriction(remaining);
  }

  @Override
  public synchronized @Nullable SplitResult<ShardRestriction> trySplit(double fractionOfRemainder) {
    if (fractionOfRemainder != 0 || checkpointed || remaining.isEmpty()) {
      return null;
    }
    ShardRestriction residual = new ShardRestriction(remaining);
    remaining.clear();
    checkpointed = true;
    return SplitResult.of(new ShardRestriction(List.of()), residual);
  }

  @Override
  public synchronized void checkDone() throws IllegalStateException {
    if (!remaining.isEmpty()) {
      throw new IllegalStateException(
          "the reader stopped with shards left unread: " + remaining);
    }
  }

  @Override
  public IsBounded isBounded() {
    return IsBounded.BOUNDED;
  }

  @Override
  public synchronized Progress getProgress() {
    long left = 0;
    for (Cursor c : remaining) {
      left += c.estimatedPagesLeft(pageSize);
    }
    return Progress.from(pagesClaimed, left);
  }
}
