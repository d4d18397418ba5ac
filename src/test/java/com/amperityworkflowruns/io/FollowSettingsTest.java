package com.amperityworkflowruns.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.model.ScaledClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FollowSettingsTest {
  private static final long HOUR = 3_600_000;
  private static final long MINUTE = 60_000;

  /** Hourly statistics windows, a poll every minute, runs settled after 2 minutes. */
  private static FollowSettings hourly() {
    return new FollowSettings(
        0, FollowRange.OPEN, MINUTE, 2 * MINUTE, HOUR, ScaledClock.fixed(Instant.EPOCH));
  }

  @Test
  void catchingUp_readsWholeAlignmentPeriods() {
    assertThat(hourly().nextWindowEnd(HOUR + 5 * MINUTE, FollowRange.OPEN, 10 * HOUR))
        .isEqualTo(2 * HOUR);
  }

  @Test
  void catchingUp_stopsAtTheEndOfTheRange() {
    assertThat(hourly().nextWindowEnd(HOUR, HOUR + 10 * MINUTE, 10 * HOUR))
        .isEqualTo(HOUR + 10 * MINUTE);
  }

  @Test
  void live_readsWhatHasSettled_onceItIsAPollIntervalWide() {
    long from = HOUR;
    long now = HOUR + 3 * MINUTE; // settled up to HOUR + 1 minute

    assertThat(hourly().nextWindowEnd(from, FollowRange.OPEN, now)).isEqualTo(HOUR + MINUTE);
  }

  @Test
  void live_lessThanAPollIntervalSettled_isNotReadableYet_untilFromPlusPollPlusSettle() {
    long from = HOUR;
    long now = HOUR + 2 * MINUTE + 30_000; // settled up to HOUR + 30 s

    assertThat(hourly().nextWindowEnd(from, FollowRange.OPEN, now))
        .isEqualTo(FollowSettings.NOT_YET);
    assertThat(hourly().readableAt(from, FollowRange.OPEN)).isEqualTo(HOUR + 3 * MINUTE);
  }

  @Test
  void readableAt_aBoundaryCloserThanAPollInterval_wakesAtTheBoundaryPlusSettle() {
    long from = 2 * HOUR - 20_000;

    assertThat(hourly().readableAt(from, FollowRange.OPEN)).isEqualTo(2 * HOUR + 2 * MINUTE);
  }

  @Test
  void drainEnd_finishesThePeriodInProgress_orStopsOnABoundary() {
    assertThat(hourly().drainEnd(HOUR + 1)).isEqualTo(2 * HOUR);
    assertThat(hourly().drainEnd(2 * HOUR)).isEqualTo(2 * HOUR);
  }

  @Test
  void gridEnd_ofANegativeTime_isTheNextMultiple() {
    assertThat(hourly().gridEnd(-1)).isZero();
    assertThat(hourly().gridEnd(0)).isEqualTo(HOUR);
  }
}
