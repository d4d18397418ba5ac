package com.amperityworkflowruns.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** {@link NeighbourPacing}: a steady rate beside another client, the full rate soon after it left. */
class NeighbourPacingTest {
  private static final long SECOND = 1_000_000_000L;

  private final NeighbourPacing pacing = new NeighbourPacing(10, 0.5);
  private long now = 3 * SECOND;

  /** The rate after {@code seconds} of successes, one every 100 ms, from {@code rate}. */
  private double succeedFor(double seconds, double rate) {
    double r = rate;
    for (long end = now + (long) (seconds * SECOND); now < end; now += SECOND / 10) {
      r = pacing.recover(r, now);
    }
    return r;
  }

  @Test
  void cutsThatComeSoonAfterEachOther_descendByTheFullCut() {
    double first = pacing.cut(10, now);
    now += SECOND;

    double second = pacing.cut(first, now);

    assertThat(first).isEqualTo(8.0);
    assertThat(second).isCloseTo(6.4, within(1e-9));
  }

  @Test
  void afterACut_theRateHolds_thenProbesUpSlowly() {
    double settled = pacing.cut(6, now);

    double held = succeedFor(NeighbourPacing.HOLD_NANOS / 1e9 - 0.5, settled);
    double probed = succeedFor(2.5, held);

    assertThat(held).isEqualTo(settled);
    assertThat(probed).isBetween(settled + 0.2, settled + 0.5);
  }

  @Test
  void aCutWhileProbing_settlesJustBelowWhereTheTenantWasFull() {
    double settled = pacing.cut(7.5, now); // 6 left by a client at 4/s: the descent reached 6
    double probed = succeedFor(NeighbourPacing.HOLD_NANOS / 1e9 + 4, settled);

    double again = pacing.cut(probed, now);

    assertThat(again).isCloseTo(probed * NeighbourPacing.SETTLE, within(1e-9));
    assertThat(again).isGreaterThan(5.0);
  }

  @Test
  void onceTheOtherClientLeft_theFullRateIsBackWithin30Seconds() {
    double settled = pacing.cut(pacing.cut(10, now) * 0.8, now + SECOND); // settled near 5
    now += SECOND;

    double after30 = succeedFor(30, settled);

    assertThat(settled).isLessThan(5.5);
    assertThat(after30).isEqualTo(10.0);
  }

  @Test
  void belowSixtyPercentOfTheFullRate_theDescentGoesOnGently() {
    double low = pacing.cut(pacing.cut(pacing.cut(10, now), now + SECOND), now + 2 * SECOND);
    now += 3 * SECOND;

    double next = pacing.cut(low, now);

    assertThat(low).isCloseTo(5.12, within(1e-9));
    assertThat(next).isCloseTo(low * NeighbourPacing.SETTLE, within(1e-9));
  }
}
