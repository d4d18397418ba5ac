package com.amperityworkflowruns.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@link SharedBudget} on a fake clock and the in-memory slots: each budget stands for one JVM of
 * a job whose tenant allows 10 requests/s, run on two workers (a fallback share of 5/s each).
 */
class SharedBudgetTest {
  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong now = new AtomicLong(7 * SECOND);
  private final InMemoryTenantSlots store = new InMemoryTenantSlots(now::get);

  private SharedBudget jvm(String tenant) {
    return new SharedBudget(new RateBudget(10, now::get), new RateBudget(5, now::get),
        store.forTenant(tenant), now::get, null, "the test store");
  }

  /** Every budget sends as often as it may for {@code seconds} of fake time; all send times. */
  private List<Long> drain(double seconds, SharedBudget... budgets) {
    return drainWakingLate(seconds, 0, budgets);
  }

  /** {@link #drain}, every wait ending {@code lateNanos} after the budget said (a busy machine). */
  private List<Long> drainWakingLate(double seconds, long lateNanos, SharedBudget... budgets) {
    List<Long> sends = new ArrayList<>();
    long end = now.get() + (long) (seconds * SECOND);
    while (now.get() < end) {
      long soonest = Long.MAX_VALUE;
      for (SharedBudget b : budgets) {
        long wait = b.nanosUntilPermit();
        if (wait == 0 && b.tryAcquire()) {
          sends.add(now.get());
          soonest = 0;
        } else {
          soonest = Math.min(soonest, Math.max(wait, 1_000_000L));
        }
      }
      now.addAndGet(soonest + (soonest > 0 ? lateNanos : 0));
    }
    return sends;
  }

  private static int mostInAnySecond(List<Long> sends) {
    List<Long> sorted = new ArrayList<>(sends);
    sorted.sort(null);
    int max = 0;
    for (int i = 0, j = 0; i < sorted.size(); i++) {
      while (sorted.get(i) - sorted.get(j) >= SECOND) {
        j++;
      }
      max = Math.max(max, i - j + 1);
    }
    return max;
  }

  private static double rate(List<Long> sends) {
    return (sends.size() - 1) / ((sends.get(sends.size() - 1) - sends.get(0)) / 1e9);
  }

  @Test
  void twoJvmsOnOneTenant_togetherKeepTheRate_andUseNearlyAllOfIt() {
    SharedBudget first = jvm("acme");
    SharedBudget second = jvm("acme");

    List<Long> sends = drain(30, first, second);

    assertThat(mostInAnySecond(sends)).isLessThanOrEqualTo(10);
    assertThat(rate(sends)).isBetween(9.5, 10.0);
  }

  @Test
  void aJvmThatRanOutOfWork_leavesItsShareToTheOther() {
    SharedBudget busy = jvm("acme");
    jvm("acme"); // the other worker, with nothing left to send

    List<Long> sends = drain(30, busy);

    assertThat(rate(sends)).as("more than the divided share of 5/s").isGreaterThan(9.5);
    assertThat(busy.drainFallbacks()).isZero();
  }

  @Test
  void twoTenants_doNotShareABudget() {
    SharedBudget acme = jvm("acme");
    SharedBudget globex = jvm("globex");

    List<Long> sends = drain(20, acme, globex);

    assertThat(rate(sends)).as("each tenant its own 10/s").isGreaterThan(19.0);
  }

  @Test
  void whenTheStoreIsUnreachable_sendsWithinTheDividedShare_andCountsTheFallback() {
    SharedBudget budget = jvm("acme");
    drain(5, budget);
    store.setReachable(false);

    List<Long> sends = drain(20, budget);

    assertThat(budget.onFallback()).isTrue();
    assertThat(rate(sends)).as("never unlimited: at most the share of 5/s").isLessThanOrEqualTo(5.0);
    assertThat(mostInAnySecond(sends)).isLessThanOrEqualTo(5);
    assertThat(budget.drainFallbacks()).isEqualTo(1);
    assertThat(budget.drainFallbackPermits()).isEqualTo(sends.size());
  }

  @Test
  void theFallback_startsOneWindowAfterTheStoreWentAway() {
    SharedBudget budget = jvm("acme");
    List<Long> before = drain(5, budget);
    store.setReachable(false);

    List<Long> after = drain(5, budget);

    long last = before.get(before.size() - 1);
    assertThat(after.get(0) - last).isGreaterThanOrEqualTo(SECOND);
  }

  @Test
  void whenTheStoreAnswersAgain_theBudgetIsSharedAgain() {
    SharedBudget budget = jvm("acme");
    store.setReachable(false);
    drain(10, budget);
    store.setReachable(true);

    drain(SharedBudget.MAX_PROBE_NANOS / 1e9 + 1, budget);
    List<Long> sends = drain(20, budget);

    assertThat(budget.onFallback()).isFalse();
    assertThat(rate(sends)).isGreaterThan(9.5);
  }

  @Test
  void whileTheStoreIsAway_itIsAskedAgainOnlyAfterABackOff() {
    SharedBudget budget = jvm("acme");
    store.setReachable(false);

    drain(10, budget);

    // 1 + 2 + 4 s of back-off: the first call, then a probe at 1, 3 and 7 s
    assertThat(store.calls()).isBetween(3L, 5L);
  }

  /** The store's answer to every {@code every}-th grant reaches the JVM {@code lateNanos} late. */
  private SharedBudget jvmWithLateAnswers(String tenant, int every, long lateNanos) {
    TenantSlots slots = store.forTenant(tenant);
    TenantSlots late = new TenantSlots() {
      private int grants;

      @Override
      public long tryTake(long send, int perWindow, long windowNanos, long gapNanos,
          long laterNanos) throws Unavailable {
        long wait = slots.tryTake(send, perWindow, windowNanos, gapNanos, laterNanos);
        if (wait == 0 && ++grants % every == 0) {
          now.addAndGet(lateNanos);
        }
        return wait;
      }

      @Override
      public void countLater(long send, long byNanos) throws Unavailable {
        slots.countLater(send, byNanos);
      }

      @Override
      public long spanBefore(long send, int count) throws Unavailable {
        return slots.spanBefore(send, count);
      }

      @Override
      public void sharePace(double rate, double ceiling, long keepNanos) throws Unavailable {
        slots.sharePace(rate, ceiling, keepNanos);
      }

      @Override
      public Pace pace() throws Unavailable {
        return slots.pace();
      }

      @Override
      public void close() {}
    };
    return new SharedBudget(new RateBudget(10, now::get), new RateBudget(5, now::get), late,
        now::get, null, "the test store");
  }

  @Test
  void aGrantWhoseAnswerCameLate_countsFromWhenItLeft_soNoSecondHoldsElevenSends() {
    SharedBudget first = jvmWithLateAnswers("acme", 7, 150_000_000L);
    SharedBudget second = jvmWithLateAnswers("acme", 5, 150_000_000L);

    List<Long> sends = drain(30, first, second);

    // without the correction the tenth send after a late one leaves 0.88 s after it
    assertThat(mostInAnySecond(sends)).isLessThanOrEqualTo(10);
    assertThat(rate(sends)).isGreaterThan(9.0);
  }

  @Test
  void a429ThatTheJobsSendsInAnyJvmExplain_growsTheMargin_withoutCuttingTheRate() {
    SharedBudget first = jvm("acme");
    SharedBudget second = jvm("acme");
    for (int i = 0; i < 15; i++) { // the window full, each JVM's sends only half of it
      drainOnce(first);
      drainOnce(second);
    }
    drainOnce(first);
    long sent = now.get();
    drainOnce(first);

    first.onRateLimited(sent);

    assertThat(first.currentRate()).as("our own sends, not another client's").isEqualTo(10.0);
  }

  @Test
  void a429WhenTheJobsSendsLeftRoomInTheWindow_isAnotherClients_andCutsTheRate() {
    SharedBudget budget = jvm("acme");
    for (int i = 0; i < 3; i++) {
      drainOnce(budget);
      now.addAndGet(SECOND / 3);
    }
    long sent = now.get();
    drainOnce(budget);

    budget.onRateLimited(sent);

    assertThat(budget.currentRate()).isLessThan(10.0);
  }

  /** A 429 of another client's at {@code budget}: sent while its window had room (it cuts). */
  private void contention(SharedBudget budget) {
    for (int i = 0; i < 3; i++) {
      drainOnce(budget);
      now.addAndGet(SECOND / 3);
    }
    long sent = now.get();
    drainOnce(budget);
    budget.onRateLimited(sent);
  }

  @Test
  void aCutInOneJvm_isTakenOverByTheOthers_soTheTenantSlowsAsOne() {
    SharedBudget first = jvm("acme");
    SharedBudget second = jvm("acme");
    SharedBudget globex = jvm("globex");
    drainOnce(second);
    drainOnce(globex);

    contention(first);
    now.addAndGet(SharedBudget.PACE_READ_NANOS);
    drainOnce(second);
    drainOnce(globex);

    assertThat(first.currentRate()).isLessThan(10.0);
    assertThat(second.currentRate()).as("the other JVM took the cut over")
        .isEqualTo(first.currentRate());
    assertThat(globex.currentRate()).as("another tenant's budget").isEqualTo(10.0);
  }

  @Test
  void aTakenOverCut_isHeldAndClimbedBackFrom_asTheCutterDoes() {
    SharedBudget first = jvm("acme");
    SharedBudget second = jvm("acme");
    drainOnce(second);
    contention(first);
    now.addAndGet(SharedBudget.PACE_READ_NANOS);
    drainOnce(second);

    List<double[]> rates = new ArrayList<>();
    for (int s = 0; s < 40; s++) {
      now.addAndGet(SECOND);
      first.onSuccess();
      second.onSuccess();
      rates.add(new double[] {first.currentRate(), second.currentRate()});
    }

    assertThat(rates).allSatisfy(r -> assertThat(r[1]).isCloseTo(r[0], within(0.01)));
    assertThat(rates.get(rates.size() - 1)[1]).as("climbed back").isEqualTo(10.0);
  }

  @Test
  void aJvmReadingBackItsOwnCut_whileProbingUp_keepsItsRate() {
    SharedBudget budget = jvm("acme");
    contention(budget);
    double afterCut = budget.currentRate();
    now.addAndGet(NeighbourPacing.HOLD_NANOS + 5 * SECOND); // held, then probing up
    budget.onSuccess();
    double probing = budget.currentRate();

    drainOnce(budget); // reads the tenant's cut: its own, still kept

    assertThat(probing).isGreaterThan(afterCut);
    assertThat(budget.currentRate()).isEqualTo(probing);
  }

  /** One send of {@code budget}, as soon as it may (fake time moves to it). */
  private void drainOnce(SharedBudget budget) {
    while (!(budget.nanosUntilPermit() == 0 && budget.tryAcquire())) {
      now.addAndGet(Math.max(budget.nanosUntilPermit(), 1_000_000L));
    }
  }

  @Test
  void aDispatcherThatWakesLate_losesOnlyItsLateness_notTheRateOfTheSendsAfterIt() {
    SharedBudget budget = jvm("acme");

    List<Long> sends = drainWakingLate(30, 10_000_000L, budget);

    // each wait 10 ms late: ten sends per 1.03 s + 10 ms, not one per 103 + 10 ms (8.8/s)
    assertThat(rate(sends)).isGreaterThan(9.5);
    assertThat(mostInAnySecond(sends)).isLessThanOrEqualTo(10);
  }
}
