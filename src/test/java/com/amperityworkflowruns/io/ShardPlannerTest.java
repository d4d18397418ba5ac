package com.amperityworkflowruns.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShardPlannerTest {
  private static final long DAY = 86_400_000_000L;

  @Test
  void initialShards_coverTheRangeExactlyWithAShorterLastShard() {
    List<Cursor> shards = ShardPlanner.initialShards(0, 10 * DAY, 7 * DAY);

    assertThat(shards).extracting(c -> c.fromMicros).containsExactly(0L, 7 * DAY);
    assertThat(shards).extracting(c -> c.toMicros).containsExactly(7 * DAY, 10 * DAY);
  }

  @Test
  void givenShardWithinChainLimit_keepsReadingIt() {
    ShardPlanner planner = new ShardPlanner(100, 30);

    assertThat(planner.split(Cursor.start(0, DAY), 3000L)).isNull();
  }

  @Test
  void givenBusyShard_splitsIntoContiguousMillisecondAlignedSubShards() {
    ShardPlanner planner = new ShardPlanner(100, 30);
    Cursor busy = Cursor.start(5_000, 5_000 + DAY);

    List<Cursor> parts = planner.split(busy, 10_000L);

    assertThat(parts).hasSizeGreaterThanOrEqualTo(2);
    assertThat(parts.get(0).fromMicros).isEqualTo(busy.fromMicros);
    assertThat(parts.get(parts.size() - 1).toMicros).isEqualTo(busy.toMicros);
    for (int i = 1; i < parts.size(); i++) {
      assertThat(parts.get(i).fromMicros).isEqualTo(parts.get(i - 1).toMicros);
      assertThat((parts.get(i).fromMicros - busy.fromMicros) % 1000).isZero();
    }
    // about 100 pages in sub-shards of at most ~18 pages each
    assertThat(parts.size()).isBetween(5, 8);
  }

  @Test
  void givenShardNarrowerThanTwoMilliseconds_cannotSplit() {
    ShardPlanner planner = new ShardPlanner(100, 2);

    assertThat(planner.split(Cursor.start(0, 1000), 1_000_000L)).isNull();
  }

  @Test
  void shardAlreadyPastItsFirstPage_isNeverSplit() {
    ShardPlanner planner = new ShardPlanner(100, 2);

    assertThat(planner.split(Cursor.start(0, DAY).advance("t", 10_000L), 10_000L)).isNull();
  }

  @Test
  void countSized_cutsTheRangeIntoShardsOfAboutTargetPages_andEnoughToRunInParallel() {
    ShardPlanner planner = new ShardPlanner(10, 30); // target 18 pages a shard
    long day = 86_400_000_000L;

    List<Cursor> many = planner.countSized(0, 60 * day, 10 * 18 * 40); // 720 pages
    List<Cursor> few = planner.countSized(0, 60 * day, 10 * 50); // 50 pages: 12 chains of ~4
    List<Cursor> one = planner.countSized(0, 60 * day, 25); // 3 pages

    assertThat(many).hasSize(40);
    assertThat(few).hasSize(12);
    assertThat(one).containsExactly(Cursor.start(0, 60 * day));
    for (List<Cursor> shards : List.of(many, few)) {
      assertThat(shards.get(0).fromMicros).isZero();
      assertThat(shards.get(shards.size() - 1).toMicros).isEqualTo(60 * day);
      for (int i = 1; i < shards.size(); i++) {
        assertThat(shards.get(i).fromMicros).isEqualTo(shards.get(i - 1).toMicros);
        assertThat(shards.get(i).fromMicros % 1000).isZero();
      }
    }
  }
}
