package com.amperityworkflowruns.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PauseDetectorTest {
  private final AtomicLong now = new AtomicLong(7_000_000_000L);
  private final List<Runnable> started = new ArrayList<>();
  /** How long the next sleep really takes on the fake clock. */
  private long sleepTakes = PauseDetector.TICK_NANOS;
  private final PauseDetector detector =
      new PauseDetector(now::get, nanos -> now.addAndGet(sleepTakes), started::add);

  private List<long[]> pausesSince(long seen) {
    List<long[]> pauses = new ArrayList<>();
    detector.forEachSince(seen, (from, to) -> pauses.add(new long[] {from, to}));
    return pauses;
  }

  @Test
  void aWakeUpFarLaterThanTheTick_isAPauseFromTheSleepToTheWakeUp() {
    detector.touch();
    long fellAsleep = now.get();
    sleepTakes = PauseDetector.TICK_NANOS + 80_000_000L; // a GC pause of about 80 ms

    detector.tick();

    assertThat(pausesSince(0)).containsExactly(new long[] {fellAsleep, fellAsleep + sleepTakes});
    assertThat(detector.count()).isEqualTo(1);
  }

  @Test
  void aWakeUpWithinTheThreshold_isNoPause() {
    detector.touch();
    sleepTakes = PauseDetector.TICK_NANOS + PauseDetector.THRESHOLD_NANOS;

    detector.tick();

    assertThat(detector.count()).isZero();
    assertThat(pausesSince(0)).isEmpty();
  }

  @Test
  void forEachSince_handsOnlyPausesNotSeenYet_andTheLatestWhenMoreWereSeen() {
    detector.touch();
    sleepTakes = PauseDetector.TICK_NANOS + 50_000_000L;
    for (int i = 0; i < PauseDetector.KEPT + 3; i++) {
      detector.tick();
    }
    long seen = detector.forEachSince(0, (from, to) -> { });
    detector.tick();

    List<long[]> all = pausesSince(0);
    List<long[]> fresh = pausesSince(seen);

    assertThat(seen).isEqualTo(PauseDetector.KEPT + 3);
    assertThat(all).hasSize(PauseDetector.KEPT);
    assertThat(all.get(all.size() - 1)[1]).isEqualTo(now.get());
    assertThat(fresh).hasSize(1);
    assertThat(fresh.get(0)[1]).isEqualTo(now.get());
  }

  @Test
  void theWatchingThreadStartsOnce_andStopsAfterIdle_untilTouchedAgain() {
    detector.touch();
    detector.touch();
    assertThat(started).hasSize(1);
    boolean goesOn = detector.tick();
    now.addAndGet(PauseDetector.IDLE_NANOS);

    boolean afterIdle = detector.tick();
    detector.touch();

    assertThat(goesOn).isTrue();
    assertThat(afterIdle).isFalse();
    assertThat(started).hasSize(2);
  }

  @Test
  void aPauseBetweenTwoTicks_isSeenByTheNextOne() {
    detector.touch();
    detector.tick();
    long wokeUp = now.get();
    now.addAndGet(60_000_000L); // stopped before it could fall asleep again

    detector.tick();

    assertThat(pausesSince(0)).containsExactly(new long[] {wokeUp, now.get()});
  }

  @Test
  void aThreadThatCannotBeStarted_leavesTheDetectorReadyToTryAgain() {
    int[] attempts = new int[1];
    PauseDetector failing = new PauseDetector(now::get, nanos -> { }, loop -> {
      attempts[0]++;
      throw new OutOfMemoryError("unable to create native thread");
    });

    failing.touch();
    failing.touch();

    assertThat(attempts[0]).isEqualTo(2);
  }
}
