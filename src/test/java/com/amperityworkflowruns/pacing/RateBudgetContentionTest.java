package com.amperityworkflowruns.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A cut of the rate answers every 429 whose window still held sends from before it: answers come
 * seconds late, and cutting again for each of them overshoots far below what the other client
 * leaves.
 */
class RateBudgetContentionTest {
  private static final long SECOND = 1_000_000_000L;
  private final AtomicLong now = new AtomicLong(50 * SECOND);

  /** A budget cut once by contention (a 429 for a request sent below our limit). */
  private RateBudget cutOnce() {
    RateBudget budget = new RateBudget(10, now::get);
    budget.tryAcquire();
    now.addAndGet(3 * SECOND);
    long sent = now.get();
    budget.tryAcquire();
    budget.onRateLimited(sent);
    return budget;
  }

  @Test
  void a429ForARequestSentWithinAWindowAfterTheCut_cutsNothingMore() {
    RateBudget budget = cutOnce();
    double afterCut = budget.currentRate();
    now.addAndGet(SECOND / 2);
    long sent = now.get();
    budget.tryAcquire();
    now.addAndGet(SECOND); // its answer, a second later

    budget.onRateLimited(sent);

    assertThat(afterCut).isEqualTo(10 * RateBudget.CUT);
    assertThat(budget.currentRate()).isEqualTo(afterCut);
  }

  @Test
  void aCutTakenOverFromAnotherReader_setsTheRate_andAnswersThe429sOfSendsBeforeIt() {
    RateBudget cutter = cutOnce();
    long cutAt = now.get();
    RateBudget other = new RateBudget(10, now::get);
    long sentBefore = now.get();
    other.tryAcquire();
    now.addAndGet(SECOND / 4); // the other reader reads the cut a little later

    other.adoptCut(cutter.currentRate(), cutter.ceiling(), cutAt);
    now.addAndGet(SECOND);
    other.onRateLimited(sentBefore);

    assertThat(other.currentRate()).isEqualTo(cutter.currentRate());
    assertThat(other.cuts()).as("taken over, not made here").isZero();
  }

  @Test
  void aCutTakenOverWithinAWindowOfItsOwn_changesNothing() {
    RateBudget budget = cutOnce();
    double afterCut = budget.currentRate();
    long ownCut = now.get();
    now.addAndGet(SECOND / 4);

    budget.adoptCut(afterCut / 2, afterCut, ownCut + SECOND / 10);

    assertThat(budget.currentRate()).isEqualTo(afterCut);
    assertThat(budget.cuts()).isEqualTo(1);
  }

  @Test
  void aCutOlderThanAHoldAndAProbe_isNotTakenOver() {
    RateBudget budget = new RateBudget(10, now::get);
    long longAgo = now.get();
    now.addAndGet(NeighbourPacing.HOLD_NANOS + NeighbourPacing.PROBE_NANOS);

    budget.adoptCut(5, 10, longAgo);

    assertThat(budget.currentRate()).isEqualTo(10.0);
  }

  @Test
  void a429ForARequestSentAWindowAfterTheCut_cutsAgain() {
    RateBudget budget = cutOnce();
    double afterCut = budget.currentRate();
    now.addAndGet(SECOND + SECOND / 10);
    long sent = now.get();
    budget.tryAcquire();
    now.addAndGet(SECOND / 2);

    budget.onRateLimited(sent);

    assertThat(budget.currentRate()).isLessThan(afterCut);
  }
}
