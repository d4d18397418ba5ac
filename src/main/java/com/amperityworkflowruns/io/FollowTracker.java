package com.amperityworkflowruns.io;

import java.util.Objects;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.transforms.splittabledofn.SplitResult;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Tracks a {@link FollowRange} while the stream reader claims pages.
 *
 * <p>Only checkpoints split it ({@code trySplit(0)}), as {@link ShardTracker} and Beam's {@code
 * PeriodicSequence}: the residual takes the range as it stands (the window in progress with its
 * cursor) and the primary keeps nothing, since everything it claimed is done. The end times
 * cannot be divided at other fractions, because a window's cursor belongs to one reader at a time
 * and the stream's statistics need the range read in order. After a checkpoint every claim fails;
 * a claim of a window reaching past the range's end (shortened by a drain) fails too.
 */
final class FollowTracker extends RestrictionTracker<FollowRange, FollowClaim>
    implements RestrictionTracker.HasProgress {
  private final long startMillis;
  private FollowRange range;
  private boolean checkpointed;

  FollowTracker(FollowRange range) {
    this.range = range;
    this.startMillis = range.fromMillis;
  }

  @Override
  public synchronized boolean tryClaim(FollowClaim claim) {
    if (checkpointed || claim.windowEndMillis > range.toMillis || range.isDone()) {
      return false;
    }
    boolean continues =
        claim.opening
            ? claim.fromMillis == range.fromMillis && range.windowEndMillis == null
            : claim.fromMillis == range.fromMillis
                && range.windowEndMillis != null
                && range.windowEndMillis == claim.windowEndMillis
                && Objects.equals(range.token, claim.token);
    if (!continues) {
      throw new IllegalStateException("claim of " + claim + " does not continue " + range);
    }
    range = claim.apply(range);
    return true;
  }

  @Override
  public synchronized FollowRange currentRestriction() {
    return range;
  }

  @Override
  public synchronized @Nullable SplitResult<FollowRange> trySplit(double fractionOfRemainder) {
    if (fractionOfRemainder != 0 || checkpointed || range.isDone()) {
      return null;
    }
    FollowRange residual = range;
    range = FollowRange.of(residual.fromMillis, residual.fromMillis);
    checkpointed = true;
    return SplitResult.of(range, residual);
  }

  @Override
  public synchronized void checkDone() throws IllegalStateException {
    if (!range.isDone()) {
      throw new IllegalStateException("the stream reader stopped with " + range + " unread");
    }
  }

  @Override
  public synchronized IsBounded isBounded() {
    return range.isOpenEnded() ? IsBounded.UNBOUNDED : IsBounded.BOUNDED;
  }

  /** Milliseconds of end time read, and left (an open range counts as one more hour). */
  @Override
  public synchronized Progress getProgress() {
    double done = range.fromMillis - startMillis;
    double left = range.isOpenEnded() ? 3_600_000 : range.toMillis - range.fromMillis;
    return Progress.from(done, left);
  }
}
