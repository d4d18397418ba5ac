package com.amperityworkflowruns.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The promises of {@link TenantSlots} (its javadoc), run against the in-memory store and Redis.
 * Real time may pass between two calls: waits are checked within {@link #SLACK_NANOS}.
 */
abstract class TenantSlotsContract {
  static final long INTERVAL = 200_000_000L;
  static final long SLACK_NANOS = 50_000_000L;

  /** The slots of {@code tenant} in the store under test (one store per test). */
  abstract TenantSlots slots(String tenant) throws Exception;

  /** A store of the same kind that cannot be reached. */
  abstract TenantSlots unreachable(String tenant) throws Exception;

  @Test
  void theFirstSlotOfAnIdleTenant_beginsNow() throws Exception {
    TenantSlots slots = slots("acme");

    long wait = slots.reserve(INTERVAL);

    assertThat(wait).isZero();
  }

  @Test
  void slotsFollowEachOtherAtTheIntervalAsked_inTheOrderAsked() throws Exception {
    TenantSlots first = slots("acme");
    TenantSlots second = slots("acme");

    long a = first.reserve(INTERVAL);
    long b = second.reserve(INTERVAL);
    long c = first.reserve(INTERVAL);

    assertThat(a).isZero();
    assertThat(b).isBetween(INTERVAL - SLACK_NANOS, INTERVAL);
    assertThat(c).isBetween(2 * INTERVAL - SLACK_NANOS, 2 * INTERVAL);
  }

  @Test
  void aDelay_movesTheNextFreeSlotLater() throws Exception {
    TenantSlots slots = slots("acme");
    slots.reserve(INTERVAL);

    slots.delay(INTERVAL / 2);
    long next = slots.reserve(INTERVAL);

    assertThat(next).isBetween(INTERVAL * 3 / 2 - SLACK_NANOS, INTERVAL * 3 / 2);
  }

  @Test
  void twoTenants_doNotShareSlots() throws Exception {
    TenantSlots acme = slots("acme");
    TenantSlots globex = slots("globex");
    acme.reserve(INTERVAL);
    acme.reserve(INTERVAL);

    long wait = globex.reserve(INTERVAL);

    assertThat(wait).isZero();
  }

  @Test
  void aStoreThatCannotBeReached_saysSo() throws Exception {
    TenantSlots slots = unreachable("acme");

    assertThatThrownBy(() -> slots.reserve(INTERVAL)).isInstanceOf(TenantSlots.Unavailable.class);
    assertThatThrownBy(() -> slots.delay(INTERVAL)).isInstanceOf(TenantSlots.Unavailable.class);
  }
}
