package com.amperityworkflowruns.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amperityworkflowruns.api.ApiException;
import com.amperityworkflowruns.api.Page;
import com.amperityworkflowruns.api.PageRequest;
import com.amperityworkflowruns.api.RunsApiClient;
import com.amperityworkflowruns.fetch.ShardReadException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.apache.beam.sdk.values.KV;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The stream reader driven call by call, as a runner would, against an in-memory API. */
@Timeout(60)
class FollowRunsFnTest {
  private final List<FollowDriver> drivers = new ArrayList<>();

  private FollowDriver track(FollowDriver driver) {
    drivers.add(driver);
    return driver;
  }

  @org.junit.jupiter.api.AfterEach
  void releaseFetchers() {
    drivers.forEach(FollowDriver::close);
  }

  private static final long T0 = Instant.parse("2024-03-01T00:00:00Z").toEpochMilli();
  private static final long MINUTE = 60_000;
  private static final long HOUR = 60 * MINUTE;
  private static final long FAR_FUTURE = Instant.parse("2030-01-01T00:00:00Z").toEpochMilli();

  @Test
  void replayOfPastWindows_emitsEveryRunOnceAndAdvancesTheWatermarkWindowByWindow()
      throws Exception {
    FakeEndedApi api = new FakeEndedApi(FakeEndedApi.evenly(50, T0, T0 + 5 * HOUR), 2);
    FollowDriver driver = track(new FollowDriver(api, T0, T0 + 5 * HOUR, MINUTE, 2 * MINUTE, HOUR));

    driver.runAt(FAR_FUTURE);

    assertThat(driver.last.shouldResume()).isFalse();
    assertThat(driver.ids()).hasSize(50).doesNotHaveDuplicates();
    assertThat(driver.windows)
        .containsExactly(
            KV.of(T0, T0 + HOUR), KV.of(T0 + HOUR, T0 + 2 * HOUR), KV.of(T0 + 2 * HOUR, T0 + 3 * HOUR),
            KV.of(T0 + 3 * HOUR, T0 + 4 * HOUR), KV.of(T0 + 4 * HOUR, T0 + 5 * HOUR));
    assertThat(driver.watermark.getMillis()).isEqualTo(T0 + 5 * HOUR);
    for (FollowDriver.Emitted e : driver.runs) {
      long ended = Instant.parse(e.json().substring(e.json().indexOf("ended_at") + 11,
          e.json().length() - 2)).toEpochMilli();
      assertThat(e.timestampMillis()).isLessThanOrEqualTo(ended).isGreaterThan(ended - HOUR);
    }
    assertThat(api.requests).allSatisfy(r -> {
      assertThat(r.byEnded).isTrue();
      assertThat(r.toMicros).isLessThanOrEqualTo((T0 + 5 * HOUR) * 1000);
    });
  }

  @Test
  void windowNotSettledYet_resumesWithADelayInsteadOfReading() throws Exception {
    FakeEndedApi api = new FakeEndedApi(FakeEndedApi.evenly(10, T0, T0 + HOUR), 100);
    FollowDriver driver = track(new FollowDriver(api, T0, FollowRange.OPEN, MINUTE, 2 * MINUTE, HOUR));

    driver.call(T0 + 30_000);

    assertThat(driver.last.shouldResume()).isTrue();
    // next poll when [T0, T0 + 1 min) has settled: T0 + 3 min, 2.5 min from now (a stopped clock
    // counts real time one to one)
    assertThat(driver.last.resumeDelay().getMillis()).isEqualTo(2 * MINUTE + 30_000);
    assertThat(api.requests).isEmpty();
    assertThat(driver.runs).isEmpty();
    assertThat(driver.watermark.getMillis()).isEqualTo(T0);
  }

  @Test
  void live_readsUpToNowMinusTheSettleDelayThenWaitsForTheNextPoll() throws Exception {
    FakeEndedApi api = new FakeEndedApi(FakeEndedApi.evenly(60, T0, T0 + HOUR), 100);
    FollowDriver driver = track(new FollowDriver(api, T0, FollowRange.OPEN, MINUTE, 2 * MINUTE, HOUR));

    driver.runAt(T0 + 10 * MINUTE);

    assertThat(driver.windows).containsExactly(KV.of(T0, T0 + 8 * MINUTE));
    assertThat(driver.watermark.getMillis()).isEqualTo(T0 + 8 * MINUTE);
    assertThat(driver.ids()).hasSize(8);
    assertThat(driver.last.resumeDelay().getMillis()).isEqualTo(MINUTE);

    driver.runAt(T0 + 11 * MINUTE);

    assertThat(driver.windows).last().isEqualTo(KV.of(T0 + 8 * MINUTE, T0 + 9 * MINUTE));
    assertThat(driver.ids()).hasSize(9).doesNotHaveDuplicates();
  }

  @Test
  void live_aWindowsEndStaysFixedWhileItsFirstPageIsLate() throws Exception {
    // Arrange: the API answers the first request only when the test says so
    FakeEndedApi api = new FakeEndedApi(FakeEndedApi.evenly(60, T0, T0 + HOUR), 100);
    java.util.concurrent.CompletableFuture<Void> release = new java.util.concurrent.CompletableFuture<>();
    List<PageRequest> asked = java.util.Collections.synchronizedList(new ArrayList<>());
    RunsApiClient slow = new RunsApiClient() {
      @Override
      public java.util.concurrent.CompletableFuture<Page> fetch(PageRequest request) {
        asked.add(request);
        return release.thenCompose(v -> api.fetch(request));
      }

      @Override
      public boolean refreshAfterUnauthorized(ApiException unauthorized) {
        return false;
      }

      @Override
      public void close() {}
    };
    FollowDriver driver = track(new FollowDriver(slow, T0, FollowRange.OPEN, MINUTE, 2 * MINUTE, HOUR));

    // Act: the first call gives up waiting; the clock moves on; the page arrives
    driver.call(T0 + 10 * MINUTE);
    boolean firstCallFinishedTheWindow = !driver.windows.isEmpty();
    release.complete(null);
    driver.runAt(T0 + 10 * MINUTE + 30_000);

    // Assert: one request, for the window chosen first
    assertThat(firstCallFinishedTheWindow).isFalse();
    assertThat(asked).hasSize(1);
    assertThat(asked.get(0).toMicros).isEqualTo((T0 + 8 * MINUTE) * 1000);
    assertThat(driver.windows).containsExactly(KV.of(T0, T0 + 8 * MINUTE));
  }

  @Test
  void live_aWindowReachingTheHourIsReadAtOnceSoTheHourCloses() throws Exception {
    FakeEndedApi api = new FakeEndedApi(List.of(), 100);
    FollowDriver driver =
        track(new FollowDriver(api, T0 + 59 * MINUTE + 30_000, FollowRange.OPEN, 5 * MINUTE, MINUTE, HOUR));

    driver.runAt(T0 + 61 * MINUTE);

    assertThat(driver.windows).containsExactly(KV.of(T0 + 59 * MINUTE + 30_000, T0 + HOUR));
    assertThat(driver.watermark.getMillis()).isEqualTo(T0 + HOUR);
  }

  @Test
  void retriedRequests_emitNothingTwiceFromTheReader() throws Exception {
    FakeEndedApi api = new FakeEndedApi(FakeEndedApi.evenly(30, T0, T0 + HOUR), 4);
    api.thenFail(r -> FakeEndedApi.status(503, "busy")).thenFail(r -> FakeEndedApi.status(429, "slow down"));
    FollowDriver driver = track(new FollowDriver(api, T0, T0 + HOUR, MINUTE, 0, HOUR));

    driver.runAt(FAR_FUTURE);

    assertThat(api.requests).as("8 pages of 4 runs, and the 2 failed tries").hasSize(10);
    assertThat(driver.ids()).hasSize(30).doesNotHaveDuplicates();
  }

  @Test
  void repeatedPages_areEmittedAsServedForDeduplicationDownstream() throws Exception {
    FakeEndedApi api = new FakeEndedApi(FakeEndedApi.evenly(12, T0, T0 + HOUR), 4);
    api.repeatPages = true;
    FollowDriver driver = track(new FollowDriver(api, T0, T0 + HOUR, MINUTE, 0, HOUR));

    driver.runAt(FAR_FUTURE);

    assertThat(new HashSet<>(driver.ids())).hasSize(12);
    assertThat(driver.ids()).hasSize(14);
  }

  @Test
  void refusedCursor_readsTheWindowAgainFromItsFirstPage() throws Exception {
    FakeEndedApi refusing = new FakeEndedApi(FakeEndedApi.evenly(10, T0, T0 + HOUR), 4);
    List<Integer> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    RunsApiClient client = new RunsApiClient() {
      @Override
      public java.util.concurrent.CompletableFuture<Page> fetch(PageRequest request) {
        calls.add(1);
        if (request.token != null && calls.size() == 2) {
          return java.util.concurrent.CompletableFuture.failedFuture(
              FakeEndedApi.status(400, "invalid next_token"));
        }
        return refusing.fetch(request);
      }

      @Override
      public boolean refreshAfterUnauthorized(ApiException unauthorized) {
        return false;
      }

      @Override
      public void close() {}
    };
    FollowDriver restarting = track(new FollowDriver(client, T0, T0 + HOUR, MINUTE, 0, HOUR));

    restarting.runAt(FAR_FUTURE);

    assertThat(new HashSet<>(restarting.ids())).hasSize(10);
    assertThat(restarting.windows).containsExactly(KV.of(T0, T0 + HOUR));
    assertThat(refusing.requests.stream().filter(r -> r.token == null).count()).isEqualTo(2);
  }

  @Test
  void pageFailingForGood_failsNamingTheWindowAndQuotingTheApi() throws Exception {
    FakeEndedApi api = new FakeEndedApi(FakeEndedApi.evenly(10, T0, T0 + HOUR), 4);
    api.thenFail(r -> FakeEndedApi.status(403, "access token not permitted for tenant 'acme'"));
    FollowDriver driver = track(new FollowDriver(api, T0, T0 + HOUR, MINUTE, 0, HOUR));

    assertThatThrownBy(() -> driver.runAt(FAR_FUTURE))
        .isInstanceOf(ShardReadException.class)
        .hasMessageContaining("2024-03-01T00:00:00.000Z")
        .hasMessageContaining("HTTP 403: access token not permitted");
    assertThat(driver.runs).isEmpty();
  }

  @Test
  void drain_midHour_finishesThatHourAndNothingAfter() throws Exception {
    FakeEndedApi api = new FakeEndedApi(FakeEndedApi.evenly(120, T0, T0 + 2 * HOUR), 100);
    FollowDriver driver = track(new FollowDriver(api, T0, FollowRange.OPEN, MINUTE, 2 * MINUTE, HOUR));
    driver.runAt(T0 + 30 * MINUTE);
    assertThat(driver.watermark.getMillis()).isEqualTo(T0 + 28 * MINUTE);

    FollowRange truncated =
        driver.fn(T0 + 30 * MINUTE).truncate(driver.range).getTruncatedRestriction();
    assertThat(truncated).isNotNull();
    driver.range = truncated;
    driver.runAt(T0 + 90 * MINUTE);

    assertThat(truncated.toMillis).isEqualTo(T0 + HOUR);
    assertThat(driver.last.shouldResume()).isFalse();
    assertThat(driver.watermark.getMillis()).isEqualTo(T0 + HOUR);
    assertThat(driver.ids()).hasSize(60).doesNotHaveDuplicates();
  }

  @Test
  void drain_onAnHourBoundary_leavesNothingToRead() {
    FakeEndedApi api = new FakeEndedApi(List.of(), 100);
    FollowDriver driver = track(new FollowDriver(api, T0, FollowRange.OPEN, MINUTE, 2 * MINUTE, HOUR));

    assertThat(driver.fn(T0).truncate(FollowRange.of(T0 + HOUR, FollowRange.OPEN))).isNull();
  }
}
