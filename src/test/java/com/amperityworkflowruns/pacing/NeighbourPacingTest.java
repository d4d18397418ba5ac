package com.amperityworkflowruns.pacing;

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
  void theFirstContention_halvesTheRate_andASecondSoonAfter_settlesAQuarterLower() {
    double first = pacing.cut(10, now);
    now += SECOND;

    double second = pacing.cut(first, now);

    assertThat(first).isEqualTo(5.0);
    assertThat(second).isCloseTo(3.75, within(1e-9));
  }

  @Test
  void afterACut_theRateHolds_thenProbesUpSlowly() {
    double settled = pacing.cut(6, now);

    double held = succeedFor(NeighbourPacing.HOLD_NANOS / 1e9 - 0.5, settled);
    double probed = succeedFor(2.5, held);

    assertThat(held).isEqualTo(settled);
    assertThat(probed).isBetween(settled + 0.3, settled + 0.5);
  }

  @Test
  void aCutWhileProbing_settlesAQuarterBelowWhereTheTenantWasFull() {
    double settled = pacing.cut(10, now);
    double probed = succeedFor(NeighbourPacing.HOLD_NANOS / 1e9 + 4, settled);

    double again = pacing.cut(probed, now);

    assertThat(probed).isGreaterThan(settled);
    assertThat(again).isCloseTo(probed * NeighbourPacing.SETTLE, within(1e-9));
  }

  @Test
  void aProbeFarBelowTheCeiling_reachesItWithinTheProbeTime() {
    double settled = pacing.cut(10, now); // the ceiling is the full rate, 5 requests/s above

    double probed = succeedFor((NeighbourPacing.HOLD_NANOS + NeighbourPacing.PROBE_NANOS) / 1e9,
        settled);

    assertThat(probed).isCloseTo(10.0, within(0.1));
  }

  @Test
  void onceTheOtherClientLeft_theFullRateIsBack_atMostHoldPlusProbePlusTwoSecondsAfterTheLastCut() {
    pacing.cut(10, now);
    now += SECOND;
    double settled = pacing.cut(6.3, now); // a probe met the other client at 6.3 requests/s

    double back = succeedFor(
        (NeighbourPacing.HOLD_NANOS + NeighbourPacing.PROBE_NANOS) / 1e9 + 2, settled);

    assertThat(settled).isLessThan(5.0);
    assertThat(back).isEqualTo(10.0);
  }

  @Test
  void atOrBelowSixtyPercentOfTheFullRate_everyCutIsASettleCut() {
    double low = pacing.cut(6, now);

    assertThat(low).isCloseTo(6 * NeighbourPacing.SETTLE, within(1e-9));
  }
}
