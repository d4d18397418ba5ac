package com.amperityworkflowruns.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.io.RateBudgets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.jupiter.api.Test;

class RateBudgetTest {
  /** The spacing docs/decisions.md promises at 10 requests/s: sends at least 0.9 / rate apart. */
  private static final long MIN_GAP_AT_TEN_PER_SECOND = 90_000_000L;

  private final AtomicLong now = new AtomicLong(5_000_000_000L);

  /** Sends as fast as the budget allows for {@code seconds} of fake time; returns send times. */
  private List<Long> drain(RateBudget budget, double seconds) {
    List<Long> sends = new ArrayList<>();
    long end = now.get() + (long) (seconds * 1e9);
    while (now.get() < end) {
      long wait = budget.nanosUntilPermit();
      if (wait > 0) {
        now.addAndGet(wait);
        continue;
      }
      assertThat(budget.tryAcquire()).isTrue();
      sends.add(now.get());
    }
    return sends;
  }

  private static int maxInAnyWindow(List<Long> sends, long windowNanos) {
    int max = 0;
    for (int i = 0, j = 0; i < sends.size(); i++) {
      while (sends.get(i) - sends.get(j) >= windowNanos) {
        j++;
      }
      max = Math.max(max, i - j + 1);
    }
    return max;
  }

  @Test
  void neverMoreThanTheRateInAnyOneSecondWindow_andNearlyTheRateOverTime() {
    RateBudget budget = new RateBudget(10, now::get);

    List<Long> sends = drain(budget, 30);

    assertThat(maxInAnyWindow(sends, 1_000_000_000L)).isLessThanOrEqualTo(10);
    double achieved = (sends.size() - 1) / ((sends.get(sends.size() - 1) - sends.get(0)) / 1e9);
    assertThat(achieved).isBetween(9.5, 10.0);
  }

  @Test
  void sendsAreSpacedEvenly_notInBursts() {
    RateBudget budget = new RateBudget(10, now::get);

    List<Long> sends = drain(budget, 3);

    for (int i = 1; i < sends.size(); i++) {
      assertThat(sends.get(i) - sends.get(i - 1))
          .isGreaterThanOrEqualTo(MIN_GAP_AT_TEN_PER_SECOND);
    }
  }

  @Test
  void aSendThatLeftLate_doesNotPushEveryLaterSendBack() {
    RateBudget budget = new RateBudget(10, now::get);
    budget.tryAcquire();
    now.addAndGet(2_000_000_000L);
    budget.tryAcquire(); // well inside the window's allowance: only the spacing applies
    now.addAndGet(budget.nanosUntilPermit() + 8_000_000L); // the thread woke 8 ms late
    budget.tryAcquire();

    long next = budget.nanosUntilPermit();

    assertThat(next).isEqualTo(MIN_GAP_AT_TEN_PER_SECOND);
    assertThat(next).isLessThan(100_000_000L - 8_000_000L);
  }

  @Test
  void aColdSend_holdsItsPlaceInTheWindowLonger() {
    RateBudget warm = new RateBudget(10, now::get);
    RateBudget cold = new RateBudget(10, now::get);
    tenSendsFirstCold(cold, warm, cold);

    long warmWait = warm.nanosUntilPermit();
    long coldWait = cold.nanosUntilPermit();

    assertThat(coldWait - warmWait).isEqualTo(RateBudget.COLD_SEND_NANOS);
  }

  @Test
  void a429ThatOurOwnSendsExplain_growsTheMargin_withoutCuttingTheRate() {
    RateBudget budget = new RateBudget(10, now::get);
    List<Long> sends = drain(budget, 5);

    long sent = sends.get(sends.size() - 1);
    long excess = sent - sends.get(sends.size() - 11) - RateBudget.WINDOW_NANOS;

    budget.onRateLimited(sent);

    assertThat(budget.currentRate()).isEqualTo(10.0);
    assertThat(budget.marginNanos()).isEqualTo(excess + RateBudget.MARGIN_STEP_NANOS);
  }

  @Test
  void a429WhileWeSentBelowOurLimit_showsAnotherClient_andCutsTheRate() {
    RateBudget budget = new RateBudget(10, now::get);
    budget.tryAcquire();
    now.addAndGet(3_000_000_000L);
    long sent = now.get();
    budget.tryAcquire(); // two sends in three seconds

    budget.onRateLimited(sent);

    assertThat(budget.currentRate()).isEqualTo(10 * RateBudget.CUT);
    assertThat(budget.marginNanos()).isEqualTo(RateBudget.BASE_MARGIN_NANOS);
  }

  @Test
  void contention_cutsTheRate_butDoesNotGrowTheMargin() {
    RateBudget budget = new RateBudget(10, now::get);
    List<Long> sends = drain(budget, 5);
    budget.onRateLimited(sends.get(sends.size() - 1));
    long afterFirst = budget.marginNanos();

    for (int i = 0; i < 5; i++) {
      List<Long> more = drain(budget, 0.5);
      budget.onRateLimited(more.get(more.size() - 1)); // again within 2 s each time
    }

    assertThat(budget.currentRate()).isLessThan(10.0);
    assertThat(budget.marginNanos()).isLessThanOrEqualTo(afterFirst);
  }

  @Test
  void a429ForARequestSentBeforeWeReacted_isAccountedFor_andCutsNothing() {
    RateBudget budget = new RateBudget(10, now::get);
    List<Long> sends = drain(budget, 5);
    budget.onRateLimited(sends.get(sends.size() - 1));
    long margin = budget.marginNanos();

    budget.onRateLimited(sends.get(sends.size() - 2)); // in flight when we reacted

    assertThat(budget.currentRate()).isEqualTo(10.0);
    assertThat(budget.marginNanos()).isEqualTo(margin);
  }

  @Test
  void a429SoonAfterAnother_cutsTheRate_evenWhenOurSendsExplainIt() {
    RateBudget budget = new RateBudget(10, now::get);
    List<Long> sends = drain(budget, 5);
    budget.onRateLimited(sends.get(sends.size() - 1));
    List<Long> more = drain(budget, 1);

    budget.onRateLimited(more.get(more.size() - 1));

    assertThat(budget.currentRate()).isEqualTo(10 * RateBudget.CUT);
  }

  @Test
  void fractionalRate_staysUnderItsFloorPerWindow() {
    RateBudget budget = new RateBudget(2.5, now::get);

    List<Long> sends = drain(budget, 20);

    assertThat(maxInAnyWindow(sends, 1_000_000_000L)).isLessThanOrEqualTo(2);
  }

  @Test
  void givenRateLimited_cutsOncePerSecond_thenRecoversOnSuccess() {
    RateBudget budget = new RateBudget(10, now::get);

    budget.onRateLimited();
    budget.onRateLimited(); // within the same second: one cut
    double afterCut = budget.currentRate();
    // recovery follows time: held, probed, climbed (NeighbourPacing), a success every 100 ms
    long successes = (NeighbourPacing.HOLD_NANOS + NeighbourPacing.PROBE_NANOS) / 100_000_000L + 20;
    for (int i = 0; i < successes; i++) {
      now.addAndGet(100_000_000L);
      budget.onSuccess();
    }

    assertThat(afterCut).isEqualTo(10 * RateBudget.CUT);
    assertThat(budget.currentRate()).isEqualTo(10.0);
  }

  @Test
  void perWorkerShare_dividesTheJobBudget() {
    assertThat(RateBudgets.perWorker(10, 4)).isEqualTo(2.5);
    assertThat(RateBudgets.perWorker(10, 1)).isEqualTo(10);
  }

  @Test
  void givenA429ForARequestSentWithTheMargin_theMarginGrowsToTheObservedExcess() {
    RateBudget budget = new RateBudget(10, now::get);
    List<Long> sends = drain(budget, 5);

    budget.onRateLimited(sends.get(sends.size() - 1));
    long learned = budget.marginNanos();
    budget.onRateLimited(sends.get(sends.size() - 2)); // sent before the raise: no second raise

    assertThat(learned).isGreaterThanOrEqualTo(RateBudget.BASE_MARGIN_NANOS + RateBudget.MARGIN_STEP_NANOS);
    assertThat(budget.marginNanos()).isEqualTo(learned);
  }

  @Test
  void aLearnedMargin_spacesTheWindowWider_andDecaysOnSuccess() {
    RateBudget budget = new RateBudget(10, now::get);
    List<Long> before = drain(budget, 5);
    budget.onRateLimited(before.get(before.size() - 1));
    for (int i = 0; i < 200; i++) {
      budget.onSuccess(); // back to the full rate; the margin stays mostly
    }
    long margin = budget.marginNanos();

    List<Long> after = drain(budget, 10);

    assertThat(maxInAnyWindow(after, 1_000_000_000L + margin - 200 * RateBudget.MARGIN_DECAY_NANOS))
        .isLessThanOrEqualTo(10);
    for (int i = 0; i < 1_000_000; i++) {
      budget.onSuccess();
    }
    assertThat(budget.marginNanos()).isEqualTo(RateBudget.BASE_MARGIN_NANOS);
  }

  @Test
  void pauseFor_holdsEveryPermitUntilItEnds() {
    RateBudget budget = new RateBudget(10, now::get);

    budget.pauseFor(3_000);

    assertThat(budget.nanosUntilPermit()).isEqualTo(3_000_000_000L);
  }

  /** Ten warm sends 100 ms apart in each budget, after its first send; returns the first one's time. */
  private long tenSends(RateBudget... budgets) {
    return tenSendsFirstCold(null, budgets);
  }

  /**
   * Ten sends 100 ms apart in each budget, after its first send (counted late in all); in {@code
   * coldFirst}, if given, the first of the ten opens a connection. Returns the first one's time.
   */
  private long tenSendsFirstCold(@Nullable RateBudget coldFirst, RateBudget... budgets) {
    for (RateBudget b : budgets) {
      b.tryAcquire(); // the JVM's first send, counted late
      b.onSuccess(); // and its answer: the HTTP client's code has run once
    }
    now.addAndGet(2_000_000_000L);
    long start = now.get();
    for (int i = 0; i < 10; i++) {
      now.set(start + i * 100_000_000L);
      for (RateBudget b : budgets) {
        assertThat(b.tryAcquire(i == 0 && b == coldFirst)).isTrue();
      }
    }
    now.set(start + 10 * 100_000_000L);
    return start;
  }

  /** How much longer the JVM stays stopped than a pause detector's tick. */
  private long pauseNanos;
  private final PauseDetector pauses =
      new PauseDetector(now::get, nanos -> now.addAndGet(nanos + pauseNanos), loop -> { });

  /** The JVM stops {@code startsAfter} after {@code at} for {@code pauseNanos} more than a tick. */
  private long pause(long at, long startsAfter) {
    long later = now.get();
    now.set(at + startsAfter);
    pauses.touch();
    pauses.tick();
    long end = now.get();
    now.set(later);
    return end;
  }

  @Test
  void aSendHeldBackByAPauseOfThisJvm_countsAsSentWhenThePauseEnded() {
    RateBudget unaware = new RateBudget(10, now::get);
    RateBudget aware = new RateBudget(10, now::get, pauses);
    long first = tenSends(unaware, aware);
    pauseNanos = 80_000_000L; // a GC pause beginning 5 ms after the window's first send
    long end = pause(first, 5_000_000L);

    long unawareWait = unaware.nanosUntilPermit();
    long awareWait = aware.nanosUntilPermit();

    assertThat(end - first).isEqualTo(5_000_000L + PauseDetector.TICK_NANOS + 80_000_000L);
    assertThat(awareWait - unawareWait).isEqualTo(end - first);
  }

  @Test
  void aPauseBeginningLongAfterASend_leavesThatSendWhereItWas() {
    RateBudget unaware = new RateBudget(10, now::get);
    RateBudget aware = new RateBudget(10, now::get, pauses);
    long first = tenSends(unaware, aware);
    pauseNanos = 40_000_000L; // begins after the first send surely reached the wire
    pause(first, RateBudget.WIRE_NANOS + 10_000_000L);

    long unawareWait = unaware.nanosUntilPermit();
    long awareWait = aware.nanosUntilPermit();

    assertThat(pauses.count()).isEqualTo(1);
    assertThat(awareWait).isEqualTo(unawareWait);
  }

  @Test
  void aMeasuredConnectionTime_replacesTheColdSendAllowance_theSlowestMeasurementWins() {
    RateBudget warm = new RateBudget(10, now::get);
    RateBudget cold = new RateBudget(10, now::get);
    cold.learnConnectNanos(4_000_000L);
    cold.learnConnectNanos(1_000_000L);
    cold.learnConnectNanos(-1); // unknown: keeps what was measured
    tenSendsFirstCold(cold, warm, cold);

    long difference = cold.nanosUntilPermit() - warm.nanosUntilPermit();

    assertThat(cold.coldSendNanos()).isEqualTo(8_000_000L);
    assertThat(difference).isEqualTo(8_000_000L);
    assertThat(warm.coldSendNanos()).isEqualTo(RateBudget.COLD_SEND_NANOS);
  }

  @Test
  void beforeTheFirstAnswer_aColdSendHoldsItsPlaceAtLeastTheDefault_howeverFastConnectingIs() {
    RateBudget budget = new RateBudget(10, now::get);
    budget.learnConnectNanos(350_000L); // loopback
    budget.tryAcquire(); // the JVM's first send
    now.addAndGet(100_000_000L);

    long beforeAnswer = budget.laterNanos(true);
    budget.onSuccess();
    long afterAnswer = budget.laterNanos(true);

    assertThat(beforeAnswer).isEqualTo(RateBudget.COLD_SEND_NANOS);
    assertThat(afterAnswer).isEqualTo(700_000L);
  }

  @Test
  void aConnectionTimeBeyondReason_isCappedAtTheLargestAllowance() {
    RateBudget budget = new RateBudget(10, now::get);

    budget.learnConnectNanos(5_000_000_000L);

    assertThat(budget.coldSendNanos()).isEqualTo(RateBudget.MAX_COLD_SEND_NANOS);
  }
}
