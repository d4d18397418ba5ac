package com.amperityworkflowruns.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.api.Page;
import com.amperityworkflowruns.api.PageRequest;
import org.junit.jupiter.api.Test;

class PageTableTest {
  private static final long LEASE = 3_000_000_000L;
  private final PageTable table = new PageTable(LEASE);

  @Test
  void firstPages_goBeforeReadAheadPagesOfLongerChains() {
    PageRequest chainPage = new PageRequest(0, 1000, "t", false);
    PageRequest firstPage = new PageRequest(1000, 2000, null, true);
    table.ask(new PageRequest(0, 1000, null, true), 1, 0);
    table.markSent(table.nextToSend(0), 0);
    table.queueAhead(chainPage, 50, 1, 0);

    table.ask(firstPage, 1, 0); // as the reader asks: a shard not yet counted has 1 page left

    assertThat(table.nextToSend(0).request).isEqualTo(firstPage);
  }

  @Test
  void amongOtherPages_longestChainFirst_thenAskedBeforeReadAhead() {
    PageRequest shortAsked = new PageRequest(0, 1000, "a", false);
    PageRequest longAhead = new PageRequest(1000, 2000, "b", false);
    PageRequest longAsked = new PageRequest(2000, 3000, "c", false);
    table.ask(shortAsked, 2, 0);
    table.ask(new PageRequest(1000, 2000, "x", false), 1, 0); // the chain is polled
    table.queueAhead(longAhead, 9, 1, 0);
    table.ask(longAsked, 9, 0);

    PageTask first = table.nextToSend(0);
    table.markSent(first, 0);
    PageTask second = table.nextToSend(0);
    table.markSent(second, 0);

    assertThat(first.request).isEqualTo(longAsked);
    assertThat(second.request).isEqualTo(longAhead);
    assertThat(table.nextToSend(0).request).isEqualTo(shortAsked);
  }

  @Test
  void readAheadOfAChainNobodyPolls_isCancelledUnsent() {
    PageRequest asked = new PageRequest(0, 1000, "p1", false);
    PageRequest ahead = new PageRequest(0, 1000, "p2", false);
    table.ask(asked, 5, 0);
    table.markSent(table.nextToSend(0), 0);
    table.queueAhead(ahead, 4, 1, 0);

    PageTask sentWhileActive = table.nextToSend(LEASE);
    PageTask sentAfterLease = table.nextToSend(LEASE + 1);

    assertThat(sentWhileActive.request).isEqualTo(ahead);
    assertThat(sentAfterLease).isNull();
    assertThat(table.get(ahead)).isNull();
    assertThat(table.cancelled()).isEqualTo(1);
  }

  @Test
  void pagesTheReaderAskedFor_areNeverCancelled() {
    PageRequest asked = new PageRequest(0, 1000, "p1", false);
    table.ask(asked, 5, 0);

    PageTask later = table.nextToSend(10 * LEASE);

    assertThat(later.request).isEqualTo(asked);
  }

  @Test
  void subShardsReadAhead_inheritTheirParentsPoll() {
    PageRequest parent = new PageRequest(0, 2000, null, true);
    PageRequest half = new PageRequest(0, 1000, null, true);
    table.ask(parent, 1, 100);
    table.inheritPoll(parent, half);

    assertThat(table.chainActive(half, 100 + LEASE)).isTrue();
    assertThat(table.chainActive(half, 101 + LEASE)).isFalse();
  }

  @Test
  void releasedAndEvictedPages_freeTheirBuffer() {
    PageRequest a = new PageRequest(0, 1000, null, true);
    PageRequest b = new PageRequest(1000, 2000, null, true);
    for (PageRequest r : new PageRequest[] {a, b}) {
      PageTask t = table.ask(r, 1, 0);
      table.markSent(table.nextToSend(0), 0);
      table.finish(t, t.succeed(new Page(java.util.List.of(), null, 0L)), 0);
    }

    table.release(a);
    int evicted = table.evictFinished(11, 10);

    assertThat(evicted).isEqualTo(1);
    assertThat(table.buffered()).isZero();
  }
}
