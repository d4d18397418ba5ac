package com.amperityworkflowruns.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link LateSends} tells the shared store, on a clock of plain milliseconds. */
class LateSendsTest {
  private static final long MS = 1_000_000L;

  /** A store that only records what it was told: "send:nanos". */
  private static final class Told implements TenantSlots {
    final List<String> later = new ArrayList<>();

    @Override
    public long tryTake(long send, int perWindow, long windowNanos, long gapNanos,
        long laterNanos) {
      return 0;
    }

    @Override
    public void countLater(long send, long byNanos) {
      later.add(send + ":" + byNanos / MS);
    }

    @Override
    public long spanBefore(long send, int count) {
      return -1;
    }

    @Override
    public void sharePace(double rate, double ceiling, long keepNanos) {}

    @Override
    public Pace pace() {
      return null;
    }

    @Override
    public void close() {}
  }

  private final LateSends late = new LateSends();
  private final Told store = new Told();

  @Test
  void aGrantAnsweredWithinTheMargin_isLeftAsRecorded() throws Exception {
    late.taken(1, 1000 * MS, 1010 * MS);

    late.flush(store);

    assertThat(store.later).isEmpty();
  }

  @Test
  void aGrantAnsweredLate_isCountedLaterByTheWholeWait() throws Exception {
    late.taken(1, 1000 * MS, 1120 * MS);

    late.flush(store);

    assertThat(store.later).containsExactly("1:120");
  }

  @Test
  void aSendThatLeavesLaterStill_isCountedLaterOnlyByWhatItWasNotYet() throws Exception {
    late.taken(1, 1000 * MS, 1120 * MS);
    late.flush(store);

    boolean owes = late.leavesAt(1, 1200 * MS);
    late.flush(store);

    assertThat(owes).isTrue();
    assertThat(store.later).containsExactly("1:120", "1:80");
  }

  @Test
  void aPauseThatBeganJustAfterTheGrant_movesItToThePausesEnd() throws Exception {
    late.taken(1, 1000 * MS, 1001 * MS);
    late.taken(2, 1100 * MS, 1101 * MS);

    late.paused(1010 * MS, 1090 * MS); // 9 ms after the first answer: it may not have left yet
    late.flush(store);

    assertThat(store.later).containsExactly("1:90");
  }

  @Test
  void aPauseLongAfterTheGrant_movesNothing() throws Exception {
    late.taken(1, 1000 * MS, 1001 * MS);

    late.paused(1100 * MS, 1300 * MS);
    late.flush(store);

    assertThat(store.later).isEmpty();
  }
}
