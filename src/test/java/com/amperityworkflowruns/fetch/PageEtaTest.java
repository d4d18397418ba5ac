package com.amperityworkflowruns.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.api.Page;
import com.amperityworkflowruns.api.PageRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageEtaTest {
  private static final long MS = 1_000_000;
  private final PageTable table = new PageTable(3_000 * MS);
  private final PageEta eta = new PageEta();

  @Test
  void latency_isAMovingAverageWeightingEachAnswerAnEighth() {
    eta.onAnswer(PageEta.INITIAL_LATENCY_MILLIS + 800);

    assertThat(eta.latencyMillis()).isEqualTo(PageEta.INITIAL_LATENCY_MILLIS + 100);
  }

  @Test
  void aPageInFlight_isHalfALatencyAway() {
    PageRequest page = new PageRequest(0, 1000, null, true);
    table.ask(page, 1, 0);
    table.markSent(table.nextToSend(0), 0);

    assertThat(eta.etaMillis(List.of(page), table, 10, 0)).isEqualTo(250);
  }

  @Test
  void aPageBackingOff_isTheRestOfItsBackOffPlusALatencyAway() {
    PageRequest page = new PageRequest(0, 1000, null, true);
    table.ask(page, 1, 0);
    PageTask task = table.nextToSend(0);
    table.markSent(task, 0);
    table.backOff(task, 300 * MS);

    assertThat(eta.etaMillis(List.of(page), table, 10, 100 * MS)).isEqualTo(200 + 500);
  }

  @Test
  void aQueuedPage_waitsALatencyPlusHalfTheQueueAtTheCurrentRate() {
    for (int i = 0; i < 4; i++) {
      table.ask(new PageRequest(i * 1000, i * 1000 + 1000, null, true), 1, 0);
    }

    long waited = eta.etaMillis(List.of(new PageRequest(0, 1000, null, true)), table, 10, 0);

    assertThat(waited).isEqualTo(500 + 4 * 100 / 2);
  }

  @Test
  void aFinishedOrUnknownPage_isNoWaitAtAll_andTheSoonestPageCounts() {
    PageRequest done = new PageRequest(0, 1000, null, true);
    PageRequest inFlight = new PageRequest(1000, 2000, null, true);
    table.ask(done, 1, 0);
    table.finish(table.get(done), table.get(done).succeed(new Page(List.of(), null, 0L)), 0);
    table.ask(inFlight, 1, 0);
    table.markSent(table.nextToSend(0), 0);

    assertThat(eta.etaMillis(List.of(inFlight, done), table, 10, 0)).isZero();
    assertThat(eta.etaMillis(List.of(new PageRequest(5, 6, "x", false)), table, 10, 0)).isZero();
    assertThat(eta.etaMillis(List.of(), table, 10, 0)).isZero();
  }
}
