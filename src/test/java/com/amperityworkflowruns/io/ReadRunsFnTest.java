package com.amperityworkflowruns.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amperityworkflowruns.api.FakeRunsApi;
import com.amperityworkflowruns.api.Page;
import com.amperityworkflowruns.api.PageRequest;
import com.amperityworkflowruns.fetch.Cursor;
import com.amperityworkflowruns.fetch.ShardPlanner;
import com.amperityworkflowruns.fetch.ShardReadException;
import com.amperityworkflowruns.model.RawRun;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ReadRunsFnTest {
  private static final long DAY = 86_400_000_000L;

  private static Map<String, Long> countById(List<RawRun> runs) {
    return runs.stream()
        .map(r -> r.json.substring(7, r.json.indexOf('"', 7)))
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

  @Test
  void givenPagesAcrossShardsAndCheckpoints_emitsEveryRunExactlyOnce() throws Exception {
    FakeRunsApi api = new FakeRunsApi(FakeRunsApi.evenly(537, 0, 10 * DAY), 20);
    ReadConfig config = SdfDriver.config(api, 20, 1000, 3 * DAY);
    SdfDriver driver = new SdfDriver();

    List<RawRun> out = driver.run(config, new RunsQuery(0, 10 * DAY), 7);

    assertThat(countById(out)).hasSize(537).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    assertThat(driver.checkpoints).isPositive();
  }

  @Test
  void autoShards_startOnOneShardADay_withoutAnyRequestBeforeReading() throws Exception {
    // 1,000 runs in pages of 10 over 10 days: 100 pages, one shard a day of 10 pages each
    FakeRunsApi api = new FakeRunsApi(FakeRunsApi.evenly(1000, 0, 10 * DAY), 10);
    ReadConfig config = SdfDriver.autoShardConfig(api, 10, 30);
    SdfDriver driver = new SdfDriver();

    List<RawRun> out = driver.run(config, new RunsQuery(0, 10 * DAY), 100);

    assertThat(countById(out)).hasSize(1000).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    assertThat(api.requests).doesNotContain(Cursor.start(0, 10 * DAY).request()); // no count
    assertThat(api.requests.stream().filter(r -> r.withTotal))
        .containsExactlyInAnyOrderElementsOf(
            ShardPlanner.grid(0, 10 * DAY).stream().map(Cursor::request).toList());
    assertThat(api.requests).doesNotHaveDuplicates();
    assertThat(api.calls.get()).isBetween(100, 100 + 10); // + at most one partial page a shard
  }

  @Test
  void autoShardsOfALongRange_areSixteen_andBusyOnesAreSplitByTheirCount() throws Exception {
    // 2,000 runs over 40 days, all on day 5: one of the 16 shards holds 200 pages
    FakeRunsApi api = new FakeRunsApi(FakeRunsApi.evenly(2000, 5 * DAY, 6 * DAY), 10);
    ReadConfig config = SdfDriver.autoShardConfig(api, 10, 30);
    SdfDriver driver = new SdfDriver();

    List<RawRun> out = driver.run(config, new RunsQuery(0, 40 * DAY), 100);

    assertThat(countById(out)).hasSize(2000).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    assertThat(ShardPlanner.grid(0, 40 * DAY)).hasSize(ShardPlanner.GRID_SHARDS);
    assertThat(api.requests.stream().filter(r -> r.withTotal))
        .containsAll(ShardPlanner.grid(0, 40 * DAY).stream().map(Cursor::request).toList());
    long firstPages = api.requests.stream().filter(r -> r.withTotal).count();
    assertThat(firstPages).isGreaterThan(ShardPlanner.GRID_SHARDS);
    // every page, the 16 starting shards' first pages (15 of them empty), the busy shard's split
    // (its first page wasted) and at most one partial page per sub-shard
    assertThat(api.calls.get()).isLessThanOrEqualTo(200 + (int) firstPages);
  }

  @Test
  void autoShardsOfADay_costTheirPagesOnly() throws Exception {
    FakeRunsApi api = new FakeRunsApi(FakeRunsApi.evenly(25, 0, DAY), 10);
    ReadConfig config = SdfDriver.autoShardConfig(api, 10, 30);
    SdfDriver driver = new SdfDriver();

    List<RawRun> out = driver.run(config, new RunsQuery(0, DAY), 100);

    assertThat(out).hasSize(25);
    assertThat(api.calls.get()).isEqualTo(3);
  }

  @Test
  void givenBusyShard_splitsItByCountAndStillEmitsEveryRunOnce() throws Exception {
    FakeRunsApi api = new FakeRunsApi(FakeRunsApi.evenly(1000, 0, DAY), 10);
    ReadConfig config = SdfDriver.config(api, 10, 10, DAY);
    SdfDriver driver = new SdfDriver();

    List<RawRun> out = driver.run(config, new RunsQuery(0, DAY), 100);

    assertThat(countById(out)).hasSize(1000).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    // the one dropped first page of each split is the only waste
    long firstPages = api.requests.stream().filter(r -> r.withTotal).count();
    assertThat(firstPages).isGreaterThan(1);
    assertThat(api.calls.get()).isLessThanOrEqualTo(100 + (int) firstPages);
  }

  @Test
  void runsCarryTheDateOfTheirShard() throws Exception {
    FakeRunsApi api = new FakeRunsApi(FakeRunsApi.evenly(4, DAY, 2 * DAY), 10);
    ReadConfig config = SdfDriver.config(api, 10, 10, DAY);

    List<RawRun> out = new SdfDriver().run(config, new RunsQuery(0, 3 * DAY), 100);

    assertThat(out).extracting(r -> r.shardDate).containsOnly("1970-01-02");
  }

  @Test
  void givenRefusedNextToken_restartsTheShardAndMissesNothing() throws Exception {
    // the first request with a next_token is refused once
    FakeRunsApi refusing = new FakeRunsApi(FakeRunsApi.evenly(50, 0, DAY), 10) {
      private boolean refused;

      @Override
      public synchronized java.util.concurrent.CompletableFuture<Page> fetch(PageRequest request) {
        if (request.token != null && !refused) {
          refused = true;
          calls.incrementAndGet();
          return java.util.concurrent.CompletableFuture.failedFuture(
              FakeRunsApi.status(400, "invalid next_token"));
        }
        return super.fetch(request);
      }
    };
    ReadConfig config = SdfDriver.config(refusing, 10, 1000, DAY);

    List<RawRun> out = new SdfDriver().run(config, new RunsQuery(0, DAY), 1000);

    assertThat(countById(out)).hasSize(50);
    assertThat(out.size()).isGreaterThan(50); // the restart re-read the first page
  }

  @Test
  void givenForbidden_failsNamingTheShardAndTheApiAnswer() {
    FakeRunsApi api =
        new FakeRunsApi(FakeRunsApi.evenly(5, 0, DAY), 10)
            .thenFail(r -> FakeRunsApi.status(403, "not permitted for tenant"));
    ReadConfig config = SdfDriver.config(api, 10, 1000, DAY);

    assertThatThrownBy(() -> new SdfDriver().run(config, new RunsQuery(0, DAY), 100))
        .isInstanceOf(ShardReadException.class)
        .hasMessageContaining("shard [1970-01-01T00:00:00.000Z, 1970-01-02T00:00:00.000Z)")
        .hasMessageContaining("HTTP 403")
        .hasMessageContaining("req-1");
  }
}
