package com.amperityworkflowruns.fetch;

import com.amperityworkflowruns.api.Page;
import com.amperityworkflowruns.api.PageRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * What to fetch before the reader asks for it, after a page arrived: the next page of its chain,
 * or, when a first page's total makes the reader split its shard, the first pages of the
 * sub-shards (the planner is deterministic, so the reader asks for exactly these).
 *
 * <p>Read-ahead is only worth the budget if the reader that polls the chain claims the pages. So
 * it is capped twice: by {@code readAheadPages}, and by what one chain can consume before its
 * lease runs out: its share of the budget over the lease ({@code rate * lease / active chains}). A
 * residual that resumes on another worker then leaves at most that much fetched here for nothing,
 * and the {@link PageTable} cancels what is still queued once the lease has run out.
 */
final class ReadAhead {
  /** A page to queue ahead of the reader. */
  record Next(PageRequest request, int priority, int depth) {}

  /**
   * Runs held in finished pages beyond which nothing more is read ahead (about 50-100 MB of JSON):
   * without a rate limit the fetcher outruns the pipeline, and many chains times many pages of
   * 1,000 runs would fill the heap.
   */
  static final int MAX_BUFFERED_RUNS = 50_000;

  private final ShardPlanner planner;
  private final int readAheadPages;
  private final int pageSize;
  private final double leaseSeconds;
  private final int maxBufferedPages;

  ReadAhead(ShardPlanner planner, int readAheadPages, int pageSize, double leaseSeconds) {
    this.planner = planner;
    this.readAheadPages = readAheadPages;
    this.pageSize = pageSize;
    this.leaseSeconds = leaseSeconds;
    this.maxBufferedPages = Math.max(16, MAX_BUFFERED_RUNS / Math.max(1, pageSize));
  }

  /**
   * Pages ahead one chain may hold: {@code min(readAheadPages, ceil(rate * lease / chains))},
   * at least 1 while read-ahead is on.
   */
  int cap(double rate, int activeChains) {
    if (readAheadPages == 0) {
      return 0;
    }
    double share = rate * leaseSeconds / Math.max(1, activeChains);
    return (int) Math.max(1, Math.min(readAheadPages, Math.ceil(share)));
  }

  /**
   * Queues in {@code table} what the reader will ask for after {@code done} (a finished page),
   * within the cap; returns whether anything was queued. A page already known whose reader has
   * moved closer slides the window forward from there.
   */
  boolean queueAfter(PageTask done, PageTable table, double rate, long now) {
    Page page = done.outcome == null ? null : done.outcome.page;
    if (page == null || !done.readsAhead || table.buffered() >= maxBufferedPages) {
      return false;
    }
    boolean queued = false;
    for (Next next : after(done, page, cap(rate, table.activeChains(now)))) {
      PageTask existing = table.get(next.request());
      if (existing == null) {
        table.inheritPoll(done.request, next.request());
        table.queueAhead(next.request(), next.priority(), next.depth(), now);
        queued = true;
      } else if (next.depth() < existing.depth) {
        existing.depth = next.depth();
        if (existing.status == PageTask.Status.DONE) {
          queued |= queueAfter(existing, table, rate, now);
        }
      }
    }
    return queued;
  }

  /** What to queue after {@code page} arrived for {@code done}, within {@code cap} pages ahead. */
  List<Next> after(PageTask done, Page page, int cap) {
    List<Next> next = new ArrayList<>();
    if (done.depth >= cap) {
      return next;
    }
    PageRequest r = done.request;
    if (r.withTotal) {
      List<Cursor> parts = planner.split(Cursor.start(r.fromMicros, r.toMicros), page.total);
      if (parts != null) {
        for (Cursor part : parts) {
          next.add(new Next(part.request(), 1, done.depth + 1)); // as the reader will ask
        }
        return next;
      }
    }
    if (page.nextToken != null) {
      int priority = r.withTotal && page.total != null
          ? remainingPages(page.total) - 1
          : Math.max(0, done.priority - 1);
      next.add(new Next(r.next(page.nextToken), priority, done.depth + 1));
    }
    return next;
  }

  private int remainingPages(long total) {
    return (int) Math.min(Integer.MAX_VALUE / 2, (total + pageSize - 1) / pageSize);
  }
}
