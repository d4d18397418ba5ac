package com.amperityworkflowruns.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SendTimesTest {
  @Test
  void keepsTimesSorted_whateverTheOrderTheyArriveIn() {
    SendTimes times = new SendTimes(8);

    for (long t : new long[] {10, 40, 20, 30, 25}) {
      times.add(t);
    }

    assertThat(times.size()).isEqualTo(5);
    assertThat(times.latest(1)).isEqualTo(40);
    assertThat(times.latest(2)).isEqualTo(30);
    assertThat(times.latest(5)).isEqualTo(10);
  }

  @Test
  void whenFull_forgetsTheEarliest() {
    SendTimes times = new SendTimes(3);

    for (long t : new long[] {10, 20, 30, 40, 5}) {
      times.add(t);
    }

    assertThat(times.size()).isEqualTo(3);
    assertThat(times.latest(3)).isEqualTo(20);
    assertThat(times.latest(1)).isEqualTo(40);
  }

  @Test
  void beforeBy_countsOnlyTimesStrictlyBefore() {
    SendTimes times = new SendTimes(8);
    for (long t : new long[] {10, 20, 30, 40}) {
      times.add(t);
    }

    assertThat(times.beforeBy(30, 1)).isEqualTo(20);
    assertThat(times.beforeBy(30, 2)).isEqualTo(10);
    assertThat(times.beforeBy(30, 3)).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void delay_movesOnlyTheTimesInItsRangeToItsEnd_andKeepsThemSorted() {
    SendTimes times = new SendTimes(8);
    for (long t : new long[] {10, 20, 30, 40, 50}) {
      times.add(t);
    }

    times.delay(20, 45);
    times.add(44);

    assertThat(times.toString()).isEqualTo("[10, 44, 45, 45, 45, 50]");
  }
}
