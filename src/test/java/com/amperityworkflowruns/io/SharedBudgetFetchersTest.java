package com.amperityworkflowruns.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.api.Credentials;
import com.amperityworkflowruns.api.PageRequest;
import com.amperityworkflowruns.api.RunsApiClient;
import com.amperityworkflowruns.fetch.Outcome;
import com.amperityworkflowruns.fetch.PageFetcher;
import com.amperityworkflowruns.fetch.ShardPlanner;
import com.amperityworkflowruns.model.TimeRanges;
import com.amperityworkflowruns.pacing.RedisLimiter;
import com.amperityworkflowruns.pacing.SharedBudget;
import com.amperityworkflowruns.simulator.ApiSimulator;
import com.amperityworkflowruns.simulator.SimulatorConfig;
import com.amperityworkflowruns.simulator.SimulatorStats;
import com.amperityworkflowruns.testing.RedisServer;
import com.amperityworkflowruns.testing.StallMeter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several fetchers, each with its own {@link SharedBudget} and Redis connection as separate JVMs
 * have, read one tenant of a simulator that allows 10 requests/s and answers 429 above it. Each
 * fetcher follows a few cursor chains of small pages, one request in flight per chain; the
 * figures are the simulator's.
 *
 * <p><b>A busy machine.</b> The fetchers, the simulator and Redis share this machine's cores. When
 * other work keeps them busy, threads wait for a core for tens to hundreds of milliseconds: a
 * request then reaches the simulator that much after it left the fetcher, and the sends after it
 * go out late. No schedule that reaches 0.95 of the budget absorbs more than about 50 ms of such
 * lateness (ten sends 1.05 s apart), and waiting for cores costs every design its rate. So the
 * issue's figures (no 429, never more than 10 in a second, at least 0.95 of the budget) are
 * asserted whenever this JVM waited for a core less than {@link StallMeter#BUSY} of the read;
 * beyond that, at most {@link StallMeter#BUSY_429_SHARE} of the requests may meet a 429 and the
 * budget's use may fall by the share spent waiting (docs/decisions.md). Either way a limiter that
 * does not share fails: three fetchers at 10/s each met 51 429s in 251 requests.
 */
@Timeout(180)
class SharedBudgetFetchersTest {
  private static final int LIMIT = 10;
  private static final LocalDate FROM = LocalDate.of(2024, 1, 1);
  private static final int DAYS = 12;
  private static final int WARM_UP_REQUESTS = 300;
  @AutoClose private static RedisServer redis;

  @TempDir Path tmp;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisServer.start();
  }

  /**
   * A tenant limited to {@link #LIMIT} requests/s, warmed up: it stands for a remote API, which
   * is not still compiling its code when the fetchers start (this JVM's HTTP client code is warmed
   * too; each budget's first send still counts as a JVM's first).
   */
  private static ApiSimulator tenant(String name) {
    ApiSimulator sim = ApiSimulator.start(SimulatorConfig.builder().seed(7).tenant(name)
        .dataFrom(FROM).dataTo(FROM.plusDays(DAYS)).totalRuns(2400).latencyMillis(50, 400)
        .rateLimitPerSecond(LIMIT).build());
    sim.warmUp(WARM_UP_REQUESTS);
    return sim;
  }

  /** A fetcher of {@code sim}'s tenant with a budget of its own in the shared Redis. */
  private PageFetcher fetcher(ApiSimulator sim) throws Exception {
    Path token = Files.writeString(Files.createTempFile(tmp, "token", ""), sim.config().staticToken());
    ReadConfig config = RunsApiIO.read().withBaseUrl(sim.baseUrl()).withTenant(sim.config().tenant())
        .withCredentials(Credentials.tokenFile(token.toString()))
        .withCreatedRange(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-01-02T00:00:00Z"))
        .withPageSize(10).withRateLimit(LIMIT).withWorkers(3)
        .withRedisLimiter(RedisLimiter.at(redis.address())).config();
    RunsApiClient client = config.clientFactory.create(config.clientSettings());
    SharedBudget budget = SharedBudgets.open(config);
    budget.learnConnectNanos(client.connectNanos());
    return new PageFetcher(client, budget, 8, org.joda.time.Duration.millis(500), 0,
        config.pageSize, new ShardPlanner(config.pageSize, 32), System::nanoTime);
  }

  /**
   * Follows cursor chains, one request in flight, through {@code fetcher}: the chain of day {@code
   * day}, then of the next days in turn, until {@code left} pages were read in all.
   */
  private static int followDays(PageFetcher fetcher, int day, AtomicInteger left) throws Exception {
    int pages = 0;
    for (int d = day; left.get() > 0; d = (d + 1) % DAYS) {
      // the window starts day ms into the day, so that no two chains ask the same page
      Instant from = FROM.plusDays(d).atStartOfDay(ZoneOffset.UTC).toInstant().plusMillis(day);
      PageRequest request = new PageRequest(TimeRanges.micros(from),
          TimeRanges.micros(from.plusSeconds(86_400)), null, false);
      while (left.getAndDecrement() > 0) {
        fetcher.request(request, 1);
        Outcome outcome = fetcher.await(request, 60_000_000_000L);
        fetcher.release(request);
        assertThat(outcome).as("page of day " + d).isNotNull();
        assertThat(outcome.error).as("page of day " + d).isNull();
        pages++;
        if (outcome.page.nextToken == null) {
          break;
        }
        request = request.next(outcome.page.nextToken);
      }
    }
    return pages;
  }

  /** Reads {@code pages} pages in all through {@code fetchers}, {@code chains} chains each. */
  private static void read(List<PageFetcher> fetchers, int chains, int pages) throws Exception {
    AtomicInteger left = new AtomicInteger(pages);
    ExecutorService pool = Executors.newFixedThreadPool(fetchers.size() * chains);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      int day = 0;
      for (PageFetcher f : fetchers) {
        for (int c = 0; c < chains; c++) {
          int d = day++ % DAYS;
          done.add(pool.submit(() -> followDays(f, d, left)));
        }
      }
      for (Future<Integer> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
      fetchers.forEach(PageFetcher::close);
    }
  }

  private static double utilization(SimulatorStats s) {
    return (s.requests() - 1) / (s.elapsed().toNanos() / 1e9) / LIMIT;
  }

  @Test
  void threeFetchersOnOneTenant_neverExceedTheBudgetInAnySecond_andUseAtLeast95PercentOfIt()
      throws Exception {
    try (ApiSimulator sim = tenant("acme")) {
      List<PageFetcher> fetchers = List.of(fetcher(sim), fetcher(sim), fetcher(sim));
      try (StallMeter stalls = StallMeter.start()) {
        read(fetchers, 3, 200);
        stalls.close();

        SimulatorStats stats = sim.stats();
        String figures = stats + ", " + stalls;
        assertThat(stats.tooMany429()).as(figures)
            .isLessThanOrEqualTo(stalls.allowed429s(stats.requests()));
        if (!stalls.busy()) {
          assertThat(stats.peakRequestsPerSecond()).as(figures).isLessThanOrEqualTo(LIMIT);
        }
        assertThat(utilization(stats)).as(figures).isGreaterThanOrEqualTo(stalls.atLeast(0.95));
      }
    }
  }

  @Test
  void twoTenantsInOneRedis_eachGetsItsWholeBudget() throws Exception {
    try (ApiSimulator acme = tenant("acme-two"); ApiSimulator globex = tenant("globex-two")) {
      List<PageFetcher> fetchers = List.of(fetcher(acme), fetcher(globex));

      try (StallMeter stalls = StallMeter.start()) {
        read(fetchers, 4, 240);
        stalls.close();

        for (ApiSimulator sim : List.of(acme, globex)) {
          SimulatorStats stats = sim.stats();
          assertThat(utilization(stats)).as("not half of the budget: " + stats + ", " + stalls)
              .isGreaterThanOrEqualTo(stalls.atLeast(0.9));
        }
      }
    }
  }
}
