package com.amperityworkflowruns.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The promises of {@link TenantSlots} (its javadoc), run against the in-memory store and Redis.
 * Real time passes between two calls: waits are checked within {@link #SLACK_NANOS}.
 */
abstract class TenantSlotsContract {
  static final long WINDOW = 2_000_000_000L;
  static final long SLACK_NANOS = 100_000_000L;
  /** Names each send taken in a test. */
  private long sends;

  /** The sends of {@code tenant} in the store under test (one store per test). */
  abstract TenantSlots slots(String tenant) throws Exception;

  /** A store of the same kind that cannot be reached. */
  abstract TenantSlots unreachable(String tenant) throws Exception;

  @Test
  void anIdleTenant_isGrantedASendAtOnce() throws Exception {
    TenantSlots slots = slots("acme");

    long wait = slots.tryTake(++sends, 3, WINDOW, 0, 0);

    assertThat(wait).isZero();
  }

  @Test
  void afterAWindowsWorthOfSends_fromAnyCaller_theNextWaitsUntilTheOldestLeaves() throws Exception {
    TenantSlots first = slots("acme");
    TenantSlots second = slots("acme");

    long a = first.tryTake(++sends, 3, WINDOW, 0, 0);
    long b = second.tryTake(++sends, 3, WINDOW, 0, 0);
    long c = first.tryTake(++sends, 3, WINDOW, 0, 0);
    long d = second.tryTake(++sends, 3, WINDOW, 0, 0);
    long e = second.tryTake(++sends, 3, WINDOW, 0, 0);

    assertThat(new long[] {a, b, c}).containsOnly(0);
    assertThat(d).isBetween(WINDOW - SLACK_NANOS, WINDOW);
    assertThat(e).as("a refused send took nothing").isBetween(WINDOW - SLACK_NANOS, WINDOW);
  }

  @Test
  void grantsKeepTheGapAsked() throws Exception {
    TenantSlots slots = slots("acme");
    slots.tryTake(++sends, 10, WINDOW, WINDOW / 2, 0);

    long wait = slots.tryTake(++sends, 10, WINDOW, WINDOW / 2, 0);

    assertThat(wait).isBetween(WINDOW / 2 - SLACK_NANOS, WINDOW / 2);
  }

  @Test
  void aSendCountedLater_whenTakenOrToldAfterwards_holdsItsPlaceInTheWindowThatMuchLonger()
      throws Exception {
    TenantSlots takenLater = slots("acme");
    TenantSlots toldLater = slots("globex");
    takenLater.tryTake(++sends, 1, WINDOW, 0, WINDOW / 2);
    long send = ++sends;
    toldLater.tryTake(send, 1, WINDOW, 0, 0);

    toldLater.countLater(send, WINDOW / 2);
    List<Long> waits = List.of(takenLater.tryTake(++sends, 1, WINDOW, 0, 0),
        toldLater.tryTake(++sends, 1, WINDOW, 0, 0));

    assertThat(waits).allSatisfy(
        wait -> assertThat(wait).isBetween(WINDOW * 3 / 2 - SLACK_NANOS, WINDOW * 3 / 2));
  }

  @Test
  void aSendThatNoLongerCounts_isNotBroughtBackByCountingItLater() throws Exception {
    TenantSlots slots = slots("acme");
    long refusedSend = ++sends;
    slots.tryTake(++sends, 1, WINDOW, 0, 0);
    slots.tryTake(refusedSend, 1, WINDOW, 0, 0); // refused: never recorded

    slots.countLater(refusedSend, 10 * WINDOW);
    long wait = slots.tryTake(++sends, 1, WINDOW, 0, 0);

    assertThat(wait).as("only the first send counts").isBetween(WINDOW - SLACK_NANOS, WINDOW);
  }

  @Test
  void theSpanBeforeASend_reachesBackToTheCountthSendBeforeIt_fromAnyCaller() throws Exception {
    TenantSlots first = slots("acme");
    TenantSlots second = slots("acme");
    first.tryTake(++sends, 10, WINDOW, 0, 0);
    second.tryTake(++sends, 10, WINDOW, 0, WINDOW / 2);
    long last = ++sends;
    first.tryTake(last, 10, WINDOW, 0, WINDOW);

    long two = first.spanBefore(last, 2);
    long three = first.spanBefore(last, 3);
    long unknown = first.spanBefore(++sends, 1);

    assertThat(two).isBetween(WINDOW, WINDOW + SLACK_NANOS);
    assertThat(new long[] {three, unknown}).containsOnly(-1L);
  }

  @Test
  void twoTenants_doNotShareSends() throws Exception {
    TenantSlots acme = slots("acme");
    TenantSlots globex = slots("globex");
    acme.tryTake(++sends, 1, WINDOW, 0, 0);

    long wait = globex.tryTake(++sends, 1, WINDOW, 0, 0);

    assertThat(wait).isZero();
  }

  @Test
  void aSharedCut_isSeenByEveryReaderOfTheTenant_withItsAge_andByNoOtherTenant() throws Exception {
    TenantSlots sharer = slots("acme");
    TenantSlots other = slots("acme");
    TenantSlots globex = slots("globex");

    sharer.sharePace(5.0, 6.5, 10 * WINDOW);
    TenantSlots.Pace seen = other.pace();
    TenantSlots.Pace elsewhere = globex.pace();

    assertThat(seen).isNotNull();
    assertThat(new double[] {seen.rate(), seen.ceiling()}).containsExactly(5.0, 6.5);
    assertThat(seen.ageNanos()).isBetween(0L, SLACK_NANOS);
    assertThat(elsewhere).as("tenants do not share cuts").isNull();
  }

  @Test
  void aLaterCut_replacesTheEarlierOne() throws Exception {
    TenantSlots first = slots("acme");
    TenantSlots second = slots("acme");
    first.sharePace(5.0, 6.5, 10 * WINDOW);

    second.sharePace(3.75, 5.0, 10 * WINDOW);
    TenantSlots.Pace seen = first.pace();

    assertThat(seen).isNotNull();
    assertThat(new double[] {seen.rate(), seen.ceiling()}).containsExactly(3.75, 5.0);
  }

  @Test
  void aSharedCut_isForgottenOnceItsKeepHasPassed() throws Exception {
    TenantSlots slots = slots("acme");
    long keep = WINDOW / 4;
    long shared = System.nanoTime();
    slots.sharePace(5.0, 6.5, keep);
    TenantSlots.Pace kept = slots.pace();
    long keptAt = System.nanoTime();

    long deadline = shared + 10 * WINDOW;
    while (slots.pace() != null && System.nanoTime() < deadline) {
      LockSupport.parkNanos(5_000_000L); // a bounded poll: nothing tells when a key expires
    }
    long forgottenAt = System.nanoTime();

    assertThat(kept).as("read %d ms after it was shared", (keptAt - shared) / 1_000_000)
        .isNotNull();
    assertThat(slots.pace()).isNull();
    assertThat(forgottenAt - shared).isGreaterThanOrEqualTo(keep);
  }

  @Test
  void aStoreThatCannotBeReached_saysSo() throws Exception {
    TenantSlots slots = unreachable("acme");

    assertThatThrownBy(() -> slots.tryTake(++sends, 1, WINDOW, 0, 0))
        .isInstanceOf(TenantSlots.Unavailable.class);
    assertThatThrownBy(() -> slots.sharePace(5.0, 6.5, WINDOW))
        .isInstanceOf(TenantSlots.Unavailable.class);
    assertThatThrownBy(slots::pace).isInstanceOf(TenantSlots.Unavailable.class);
  }
}
