package com.amperityworkflowruns.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The limiter's window when handler threads record arrivals in another order than they came. */
class SlidingWindowTest {
  private static final long MS = 1_000_000L;

  /** Records one event every 100 ms from {@code fromMillis}, {@code count} of them, all admitted. */
  private static void recordEvery100Ms(SlidingWindow window, long fromMillis, int count) {
    for (int i = 0; i < count; i++) {
      assertThat(window.tryAdd((fromMillis + 100L * i) * MS, 10)).isPositive();
    }
  }

  @Test
  void inOrder_theEleventhWithinASecondIsRefused_andAdmittedOnceTheFirstLeft() {
    SlidingWindow window = new SlidingWindow();
    recordEvery100Ms(window, 1000, 10);

    int within = window.tryAdd(1950 * MS, 10);
    int after = window.tryAdd(2000 * MS, 10);

    assertThat(within).isEqualTo(-1);
    assertThat(after).isEqualTo(10);
  }

  /**
   * Ten arrivals 100 ms apart from {@code firstMillis} are recorded, then one that arrived at 50 ms:
   * 950 ms before the first of them no window of one second holds it and all ten (admitted, two
   * in its fullest window); 50 ms before, the window (0, 1000] already holds ten (refused).
   */
  @ParameterizedTest
  @CsvSource({"1000, 2", "100, -1"})
  void anArrivalRecordedLate_isCheckedAgainstTheWindowsAroundItsArrival(long firstMillis,
      int expected) {
    SlidingWindow window = new SlidingWindow();
    recordEvery100Ms(window, firstMillis, 10);

    int late = window.tryAdd(50 * MS, 10);

    assertThat(late).isEqualTo(expected);
  }

  @Test
  void anArrivalRecordedLate_fillsTheWindowsItFallsIn_forTheArrivalsRecordedAfterIt() {
    SlidingWindow window = new SlidingWindow();
    recordEvery100Ms(window, 1100, 9);
    assertThat(window.tryAdd(1050 * MS, 10)).as("late, and the tenth in (1000, 2000]").isPositive();

    int next = window.tryAdd(1990 * MS, 10);

    assertThat(next).isEqualTo(-1);
  }
}
