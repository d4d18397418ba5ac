package com.amperityworkflowruns.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.api.ApiException;
import com.amperityworkflowruns.api.FakeRunsApi;
import com.amperityworkflowruns.api.Page;
import com.amperityworkflowruns.api.PageRequest;
import com.amperityworkflowruns.pacing.RateBudget;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.joda.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PageFetcherTest {
  private static final long DAY = 86_400_000_000L;
  private PageFetcher fetcher;

  private PageFetcher fetcher(FakeRunsApi api, int maxRetries, int readAhead) {
    fetcher =
        new PageFetcher(
            api,
            new RateBudget(1000, System::nanoTime),
            maxRetries,
            Duration.ZERO,
            readAhead,
            10,
            new ShardPlanner(10, 1000),
            System::nanoTime);
    return fetcher;
  }

  @AfterEach
  void close() {
    if (fetcher != null) {
      fetcher.close();
    }
  }

  private static Outcome await(PageFetcher f, PageRequest r) throws InterruptedException {
    Outcome o = f.await(r, TimeUnit.SECONDS.toNanos(10));
    assertThat(o).as("outcome of " + r).isNotNull();
    return o;
  }

  @Test
  void givenClientFailsTwiceThenSucceeds_pageArrivesWithRetriesCounted() throws Exception {
    FakeRunsApi api =
        new FakeRunsApi(FakeRunsApi.evenly(5, 0, DAY), 10)
            .thenFail(r -> FakeRunsApi.status(503, "unavailable"))
            .thenFail(r -> ApiException.transport(ApiException.Kind.CONNECTION, "dropped", null));
    PageFetcher f = fetcher(api, 3, 0);
    PageRequest first = Cursor.start(0, DAY).request();

    f.request(first, 1);
    Outcome outcome = await(f, first);

    assertThat(outcome.page.runs).hasSize(5);
    assertThat(outcome.requests).isEqualTo(3);
    assertThat(outcome.retries)
        .containsEntry(ApiException.Kind.SERVER_ERROR, 1)
        .containsEntry(ApiException.Kind.CONNECTION, 1);
  }

  @Test
  void givenNonRetryableError_failsAfterOneRequest() throws Exception {
    FakeRunsApi api =
        new FakeRunsApi(FakeRunsApi.evenly(5, 0, DAY), 10)
            .thenFail(r -> FakeRunsApi.status(403, "not permitted"));
    PageFetcher f = fetcher(api, 5, 0);
    PageRequest first = Cursor.start(0, DAY).request();

    f.request(first, 1);
    Outcome outcome = await(f, first);

    assertThat(outcome.error.kind()).isEqualTo(ApiException.Kind.FORBIDDEN);
    assertThat(api.calls.get()).isEqualTo(1);
  }

  @Test
  void givenRetriesExhausted_failsNamingTheAttemptsAndLastError() throws Exception {
    FakeRunsApi api = new FakeRunsApi(FakeRunsApi.evenly(5, 0, DAY), 10);
    for (int i = 0; i < 3; i++) {
      api.thenFail(r -> FakeRunsApi.status(500, "internal"));
    }
    PageFetcher f = fetcher(api, 2, 0);
    PageRequest first = Cursor.start(0, DAY).request();

    f.request(first, 1);
    Outcome outcome = await(f, first);

    assertThat(outcome.error.getMessage()).contains("gave up after 3 attempts").contains("internal");
    assertThat(outcome.error.getCause()).isInstanceOf(ApiException.class);
  }

  @Test
  void givenUnauthorizedWithRefreshableCredential_retriesOnceAfterRefresh() throws Exception {
    FakeRunsApi api =
        new FakeRunsApi(FakeRunsApi.evenly(5, 0, DAY), 10)
            .thenFail(r -> FakeRunsApi.status(401, "token expired"));
    api.refreshable = true;
    PageFetcher f = fetcher(api, 0, 0);
    PageRequest first = Cursor.start(0, DAY).request();

    f.request(first, 1);
    Outcome outcome = await(f, first);

    assertThat(outcome.page).isNotNull();
    assertThat(api.refreshes.get()).isEqualTo(1);
  }

  @Test
  void givenUnauthorizedTwice_failsAfterOneRefresh() throws Exception {
    FakeRunsApi api =
        new FakeRunsApi(FakeRunsApi.evenly(5, 0, DAY), 10)
            .thenFail(r -> FakeRunsApi.status(401, "token expired"))
            .thenFail(r -> FakeRunsApi.status(401, "token expired"));
    api.refreshable = true;
    PageFetcher f = fetcher(api, 5, 0);
    PageRequest first = Cursor.start(0, DAY).request();

    f.request(first, 1);
    Outcome outcome = await(f, first);

    assertThat(outcome.error.kind()).isEqualTo(ApiException.Kind.UNAUTHORIZED);
    assertThat(api.calls.get()).isEqualTo(2);
  }

  @Test
  void readAhead_followsTheChainUpToTheAllowance() throws Exception {
    FakeRunsApi api = new FakeRunsApi(FakeRunsApi.evenly(100, 0, DAY), 10);
    PageFetcher f = fetcher(api, 0, 2);
    Cursor c0 = Cursor.start(0, DAY);

    f.request(c0.request(), 10);
    Outcome p0 = await(f, c0.request());
    PageRequest p1 = new PageRequest(0, DAY, p0.page.nextToken, false);
    Outcome o1 = await(f, p1);
    PageRequest p2 = new PageRequest(0, DAY, o1.page.nextToken, false);
    Outcome o2 = await(f, p2);

    assertThat(o2.page.runs).hasSize(10);
    assertThat(api.calls.get()).isEqualTo(3); // first page + 2 pages ahead, no more
  }

  @Test
  void requestingTheSamePageTwice_sendsOneRequest() throws Exception {
    FakeRunsApi api = new FakeRunsApi(FakeRunsApi.evenly(5, 0, DAY), 10);
    PageFetcher f = fetcher(api, 0, 0);
    PageRequest first = Cursor.start(0, DAY).request();

    f.request(first, 1);
    f.request(first, 1);
    await(f, first);
    f.request(first, 1);

    assertThat(api.calls.get()).isEqualTo(1);
  }

  @Test
  void queuedRequests_goFirstPagesFirstThenLongestChainFirst() throws Exception {
    FakeRunsApi api = new FakeRunsApi(List.of(), 10);
    java.util.concurrent.atomic.AtomicLong budgetClock = new java.util.concurrent.atomic.AtomicLong();
    PageFetcher f =
        new PageFetcher(api, new RateBudget(1, budgetClock::get), 0, Duration.ZERO, 0, 10,
            new ShardPlanner(10, 1000), System::nanoTime);
    fetcher = f;
    PageRequest sentAtOnce = new PageRequest(0, 1000, null, true);
    PageRequest shortChain = new PageRequest(1000, 2000, "t", false);
    PageRequest longChain = new PageRequest(2000, 3000, "t", false);
    PageRequest firstPage = new PageRequest(3000, 4000, null, true);
    f.request(sentAtOnce, 1);
    await(f, sentAtOnce);
    f.request(shortChain, 3);
    f.request(longChain, 9);
    f.request(firstPage, 1); // as the reader asks: a shard not yet counted has 1 page left

    for (PageRequest r : List.of(firstPage, longChain, shortChain)) {
      budgetClock.addAndGet(2_000_000_000L); // the budget admits one more request
      await(f, r);
    }

    assertThat(api.requests).containsExactly(sentAtOnce, firstPage, longChain, shortChain);
  }

  @Test
  void readAhead_slidesForwardAsTheReaderAdvances() throws Exception {
    FakeRunsApi api = new FakeRunsApi(FakeRunsApi.evenly(100, 0, DAY), 10);
    PageFetcher f = fetcher(api, 0, 2);
    PageRequest p0 = Cursor.start(0, DAY).request();
    f.request(p0, 10);
    Outcome o0 = await(f, p0);
    PageRequest p1 = new PageRequest(0, DAY, o0.page.nextToken, false);
    Outcome o1 = await(f, p1);
    PageRequest p2 = new PageRequest(0, DAY, o1.page.nextToken, false);
    Outcome o2 = await(f, p2);
    PageRequest p3 = new PageRequest(0, DAY, o2.page.nextToken, false);

    f.request(p1, 9); // the reader reaches page 1: two pages ahead of it is page 3

    assertThat(await(f, p3).page.runs).hasSize(10);
    assertThat(api.calls.get()).isEqualTo(4);
  }

  @Test
  void givenTokenEndpointFailingOnRefresh_theRequestIsRetriedNotFailed() throws Exception {
    FakeRunsApi api =
        new FakeRunsApi(FakeRunsApi.evenly(5, 0, DAY), 10) {
          private boolean failedOnce;

          @Override
          public boolean refreshAfterUnauthorized(ApiException unauthorized) {
            if (!failedOnce) {
              failedOnce = true;
              throw ApiException.transport(ApiException.Kind.CONNECTION, "token endpoint down", null);
            }
            return true;
          }
        }.thenFail(r -> FakeRunsApi.status(401, "token expired"))
            .thenFail(r -> FakeRunsApi.status(401, "token expired"));
    PageFetcher f = fetcher(api, 3, 0);
    PageRequest first = Cursor.start(0, DAY).request();

    f.request(first, 1);
    Outcome outcome = await(f, first);

    assertThat(outcome.page).isNotNull();
    assertThat(outcome.retries).containsEntry(ApiException.Kind.CONNECTION, 1);
  }

  @Test
  void finishedPagesNobodyAsksFor_areEvictedAfterTenMinutes() throws Exception {
    FakeRunsApi api = new FakeRunsApi(FakeRunsApi.evenly(5, 0, DAY), 10);
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
    PageFetcher f = new PageFetcher(api, new RateBudget(1000, System::nanoTime), 0, Duration.ZERO,
        0, 10, new ShardPlanner(10, 1000), now::get);
    fetcher = f;
    PageRequest page = Cursor.start(0, DAY).request();
    f.request(page, 1);
    await(f, page);

    int early = f.evictStale();
    now.addAndGet(PageFetcher.STALE_NANOS + 1);
    int late = f.evictStale();

    assertThat(early).isZero();
    assertThat(late).isEqualTo(1);
    assertThat(f.poll(page)).isNull();
  }

  @Test
  void throttledTime_isTheDispatchersBlockedWallTime_notASumOverWaitingPages() throws Exception {
    FakeRunsApi api = new FakeRunsApi(List.of(), 10);
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
    PageFetcher f = new PageFetcher(api, new RateBudget(50, now::get), 0, Duration.ZERO, 0, 10,
        new ShardPlanner(10, 1000), now::get);
    fetcher = f;
    List<PageRequest> pages = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      pages.add(new PageRequest(i * 1000L, (i + 1) * 1000L, null, true));
      f.request(pages.get(i), 1);
    }

    long turns = 0;
    for (PageRequest page : pages.subList(1, pages.size())) {
      turns = f.awaitBlockedOnBudget(turns); // the dispatcher waits for its next permit
      now.addAndGet(25_000_000L); // 25 ms of the fetcher's clock; the budget spaces sends 20 ms
      await(f, page);
    }
    long throttled = f.drainThrottledMillis();

    long elapsedMillis = now.get() / 1_000_000;
    assertThat(throttled).isLessThanOrEqualTo(elapsedMillis).isGreaterThan(elapsedMillis / 2);
    assertThat(f.drainThrottledMillis()).isZero(); // drained once
  }

  @Test
  void givenTheDispatcherDies_everyCallFailsWithItsCause() throws Exception {
    FakeRunsApi api =
        new FakeRunsApi(FakeRunsApi.evenly(5, 0, DAY), 10) {
          @Override
          public java.util.concurrent.CompletableFuture<Page> fetch(PageRequest request) {
            throw new AssertionError("a bug in the client");
          }
        };
    PageFetcher f = fetcher(api, 0, 0);
    PageRequest first = Cursor.start(0, DAY).request();

    f.request(first, 1);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.await(first, TimeUnit.SECONDS.toNanos(10)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dispatcher stopped")
        .hasRootCauseMessage("a bug in the client");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.poll(first))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void givenRetryAfter_theWholeBudgetPauses() throws Exception {
    FakeRunsApi api =
        new FakeRunsApi(FakeRunsApi.evenly(5, 0, DAY), 10)
            .thenFail(r -> new ApiException(ApiException.Kind.RATE_LIMITED, 429, "slow down",
                "req-1", 60_000, null));
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
    RateBudget budget = new RateBudget(1000, now::get);
    PageFetcher f = new PageFetcher(api, budget, 0, Duration.ZERO, 0, 10,
        new ShardPlanner(10, 1000), now::get);
    fetcher = f;
    PageRequest first = Cursor.start(0, DAY).request();

    f.request(first, 1);
    await(f, first); // no retries allowed: the 429 is final, and has paused the budget

    assertThat(budget.nanosUntilPermit()).isGreaterThan(59_000_000_000L);
  }
}
