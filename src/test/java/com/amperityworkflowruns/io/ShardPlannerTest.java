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
}
