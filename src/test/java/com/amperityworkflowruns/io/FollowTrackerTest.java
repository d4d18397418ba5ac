package com.amperityworkflowruns.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker.IsBounded;
import org.apache.beam.sdk.transforms.splittabledofn.SplitResult;
import org.junit.jupiter.api.Test;

class FollowTrackerTest {
  private static final long H = 3_600_000;

  @Test
  void lastPageOfAWindow_movesTheStartToItsEnd() {
    FollowTracker tracker = new FollowTracker(FollowRange.of(0, 10 * H));

    assertThat(tracker.tryClaim(FollowClaim.open(0, H))).isTrue();
    assertThat(tracker.tryClaim(FollowClaim.page(0, H, null, "tok-1"))).isTrue();
    assertThat(tracker.currentRestriction().windowEndMillis).isEqualTo(H);
    assertThat(tracker.tryClaim(FollowClaim.page(0, H, "tok-1", null))).isTrue();

    assertThat(tracker.currentRestriction()).isEqualTo(FollowRange.of(H, 10 * H));
  }

  @Test
  void openedWindow_isFixedUntilItsLastPage() {
    FollowTracker tracker = new FollowTracker(FollowRange.of(0, 10 * H));
    tracker.tryClaim(FollowClaim.open(0, H / 2));

    assertThatThrownBy(() -> tracker.tryClaim(FollowClaim.open(0, H)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> tracker.tryClaim(FollowClaim.page(0, H, null, null)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(tracker.tryClaim(FollowClaim.page(0, H / 2, null, null))).isTrue();
    assertThat(tracker.currentRestriction()).isEqualTo(FollowRange.of(H / 2, 10 * H));
  }

  @Test
  void checkpoint_residualKeepsTheWindowAndCursorAndLaterClaimsFail() {
    FollowTracker tracker = new FollowTracker(FollowRange.of(0, FollowRange.OPEN));
    tracker.tryClaim(FollowClaim.open(0, H));
    tracker.tryClaim(FollowClaim.page(0, H, null, "tok-1"));

    SplitResult<FollowRange> split = tracker.trySplit(0);

    assertThat(split.getResidual()).isEqualTo(new FollowRange(0, FollowRange.OPEN, H, "tok-1", 1, 0));
    assertThat(split.getPrimary().isDone()).isTrue();
    assertThat(tracker.tryClaim(FollowClaim.page(0, H, "tok-1", null))).isFalse();
    tracker.checkDone();
  }

  @Test
  void splitsOtherThanCheckpoints_areDeclined() {
    FollowTracker tracker = new FollowTracker(FollowRange.of(0, 10 * H));

    assertThat(tracker.trySplit(0.5)).isNull();
  }

  @Test
  void claimPastTheEnd_failsSoADrainedReaderStops() {
    FollowTracker tracker = new FollowTracker(FollowRange.of(0, H));

    assertThat(tracker.tryClaim(FollowClaim.open(0, 2 * H))).isFalse();
  }

  @Test
  void claimThatDoesNotContinueTheRange_isABug() {
    FollowTracker tracker = new FollowTracker(FollowRange.of(0, 10 * H));

    assertThatThrownBy(() -> tracker.tryClaim(FollowClaim.page(H, 2 * H, null, null)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void stoppingWithTimeLeft_failsCheckDone() {
    FollowTracker tracker = new FollowTracker(FollowRange.of(0, 2 * H));
    tracker.tryClaim(FollowClaim.open(0, H));
    tracker.tryClaim(FollowClaim.page(0, H, null, null));

    assertThatThrownBy(tracker::checkDone).hasMessageContaining("unread");
  }

  @Test
  void openRange_isUnboundedAndAStopAtRangeIsBounded() {
    assertThat(new FollowTracker(FollowRange.of(0, FollowRange.OPEN)).isBounded())
        .isEqualTo(IsBounded.UNBOUNDED);
    assertThat(new FollowTracker(FollowRange.of(0, H)).isBounded()).isEqualTo(IsBounded.BOUNDED);
  }

  @Test
  void restart_readsTheWindowFromItsFirstPage() {
    FollowTracker tracker = new FollowTracker(FollowRange.of(0, 10 * H));
    tracker.tryClaim(FollowClaim.open(0, H));
    tracker.tryClaim(FollowClaim.page(0, H, null, "tok-1"));

    assertThat(tracker.tryClaim(FollowClaim.restart(0, H, "tok-1"))).isTrue();

    assertThat(tracker.currentRestriction()).isEqualTo(new FollowRange(0, 10 * H, H, null, 0, 1));
  }
}
