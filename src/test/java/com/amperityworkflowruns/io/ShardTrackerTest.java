package com.amperityworkflowruns.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amperityworkflowruns.fetch.Cursor;
import java.util.List;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.splittabledofn.SplitResult;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

class ShardTrackerTest {
  private static final Cursor A = Cursor.start(0, 1_000_000);
  private static final Cursor B = Cursor.start(1_000_000, 2_000_000);

  @Test
  void givenPagesClaimedToTheLast_restrictionIsDone() {
    ShardTracker tracker = new ShardTracker(ShardRestriction.of(A), 100);

    assertThat(tracker.tryClaim(Claim.page(A, "t1", 150L))).isTrue();
    Cursor next = tracker.currentRestriction().cursors.get(0);
    assertThat(tracker.tryClaim(Claim.page(next, null, null))).isTrue();

    assertThat(tracker.currentRestriction().isDone()).isTrue();
    tracker.checkDone();
  }

  @Test
  void givenUnreadShard_checkDoneFails() {
    ShardTracker tracker = new ShardTracker(ShardRestriction.of(A, B), 100);
    tracker.tryClaim(Claim.page(A, null, null));

    assertThatThrownBy(tracker::checkDone).hasMessageContaining("left unread");
  }

  @Test
  void checkpoint_residualHoldsCursorsAsTheyStand_andLaterClaimsFail() {
    ShardTracker tracker = new ShardTracker(ShardRestriction.of(A, B), 100);
    tracker.tryClaim(Claim.page(A, "t1", 500L));
    Cursor advanced = A.advance("t1", 500L);

    SplitResult<ShardRestriction> split = tracker.trySplit(0);

    assertThat(split.getPrimary().cursors).isEmpty();
    assertThat(split.getResidual().cursors).containsExactly(advanced, B);
    assertThat(tracker.tryClaim(Claim.page(B, null, null))).isFalse();
    tracker.checkDone();
  }

  @Test
  void splitAtAFraction_isDeclined() {
    ShardTracker tracker = new ShardTracker(ShardRestriction.of(A, B), 100);

    assertThat(tracker.trySplit(0.5)).isNull();
    assertThat(tracker.currentRestriction().cursors).containsExactly(A, B);
  }

  @Test
  void checkpointOfFinishedRestriction_isNull() {
    ShardTracker tracker = new ShardTracker(ShardRestriction.of(A), 100);
    tracker.tryClaim(Claim.page(A, null, null));

    assertThat(tracker.trySplit(0)).isNull();
  }

  @Test
  void splitClaim_replacesShardBySubShardsInPlace() {
    ShardTracker tracker = new ShardTracker(ShardRestriction.of(A, B), 100);
    List<Cursor> parts = List.of(Cursor.start(0, 500_000), Cursor.start(500_000, 1_000_000));

    assertThat(tracker.tryClaim(Claim.split(A, parts))).isTrue();

    assertThat(tracker.currentRestriction().cursors).containsExactly(parts.get(0), parts.get(1), B);
  }

  @Test
  void claimOfCursorNotInRestriction_isABug() {
    ShardTracker tracker = new ShardTracker(ShardRestriction.of(A), 100);

    assertThatThrownBy(() -> tracker.tryClaim(Claim.page(B, null, null)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void claimWithStaleCursor_isABug() {
    ShardTracker tracker = new ShardTracker(ShardRestriction.of(A), 100);
    tracker.tryClaim(Claim.page(A, "t1", null));

    assertThatThrownBy(() -> tracker.tryClaim(Claim.page(A, "t1", null)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void progress_countsClaimedPagesAndEstimatesTheRestFromTotals() {
    ShardTracker tracker = new ShardTracker(ShardRestriction.of(A, B), 100);
    tracker.tryClaim(Claim.page(A, "t1", 450L));

    var progress = tracker.getProgress();

    assertThat(progress.getWorkCompleted()).isEqualTo(1.0);
    assertThat(progress.getWorkRemaining()).isEqualTo(4.0 + 1.0);
  }

  @Test
  void restrictionCoder_roundTrips() throws Exception {
    ShardRestriction r = ShardRestriction.of(A.advance("opaque+/=", 3L), B.restart().get(1));
    SerializableCoder<ShardRestriction> coder = SerializableCoder.of(ShardRestriction.class);

    ShardRestriction decoded = CoderUtils.decodeFromByteArray(coder, CoderUtils.encodeToByteArray(coder, r));

    assertThat(decoded).isEqualTo(r);
  }
}
