package com.amperityworkflowruns.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.api.Page;
import com.amperityworkflowruns.api.PageRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadAheadTest {
  private static final long DAY = 86_400_000_000L;

  private static PageTask finished(PageRequest r, int depth, int priority, Page page) {
    PageTask t = new PageTask(r, 0, priority, depth, 0);
    t.outcome = t.succeed(page);
    t.status = PageTask.Status.DONE;
    return t;
  }

  @Test
  void cap_isWhatOneChainCanConsumeWithinTheLease_upToTheSetting() {
    ReadAhead ahead = new ReadAhead(new ShardPlanner(100, 30), 8, 100, 3.0);

    assertThat(ahead.cap(10, 1)).isEqualTo(8); // 30 pages in a lease: the setting caps
    assertThat(ahead.cap(10, 10)).isEqualTo(3); // 10 chains share 30 pages
    assertThat(ahead.cap(10, 100)).isEqualTo(1); // never below one page ahead
    assertThat(new ReadAhead(new ShardPlanner(100, 30), 0, 100, 3.0).cap(10, 1)).isZero();
  }

  @Test
  void afterAPage_queuesTheNextPageOfItsChain_untilTheCap() {
    ReadAhead ahead = new ReadAhead(new ShardPlanner(10, 30), 8, 10, 3.0);
    PageRequest first = new PageRequest(0, DAY, null, true);

    List<ReadAhead.Next> next = ahead.after(finished(first, 0, 1, new Page(List.of(), "t1", 55L)), new Page(List.of(), "t1", 55L), 2);
    List<ReadAhead.Next> atCap = ahead.after(finished(first, 2, 1, new Page(List.of(), "t1", 55L)), new Page(List.of(), "t1", 55L), 2);

    assertThat(next).containsExactly(
        new ReadAhead.Next(new PageRequest(0, DAY, "t1", false), 5, 1));
    assertThat(atCap).isEmpty();
  }

  @Test
  void afterAFirstPageThatSplitsItsShard_queuesTheFirstPagesOfTheSubShards() {
    ShardPlanner planner = new ShardPlanner(10, 3);
    ReadAhead ahead = new ReadAhead(planner, 8, 10, 3.0);
    PageRequest first = new PageRequest(0, DAY, null, true);
    Page page = new Page(List.of(), "t1", 100L);

    List<ReadAhead.Next> next = ahead.after(finished(first, 0, 1, page), page, 8);

    List<Cursor> parts = planner.split(Cursor.start(0, DAY), 100L);
    assertThat(next).extracting(ReadAhead.Next::request)
        .containsExactlyElementsOf(parts.stream().map(Cursor::request).toList());
  }
}
