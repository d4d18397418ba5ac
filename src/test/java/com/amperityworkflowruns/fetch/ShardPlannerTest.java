package com.amperityworkflowruns.fetch;

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
  void grid_isSixteenEqualShards_orOneADayForShorterRanges_atWholeMilliseconds() {
    long day = 86_400_000_000L;

    List<Cursor> long60 = ShardPlanner.grid(0, 60 * day + 7);
    List<Cursor> three = ShardPlanner.grid(0, 3 * day + day / 2);
    List<Cursor> hours = ShardPlanner.grid(0, day / 4);

    assertThat(long60).hasSize(ShardPlanner.GRID_SHARDS);
    assertThat(three).hasSize(3);
    assertThat(hours).containsExactly(Cursor.start(0, day / 4));
    for (List<Cursor> shards : List.of(long60, three)) {
      assertThat(shards.get(0).fromMicros).isZero();
      assertThat(shards.get(shards.size() - 1).toMicros)
          .isEqualTo(shards == long60 ? 60 * day + 7 : 3 * day + day / 2);
      for (int i = 1; i < shards.size(); i++) {
        assertThat(shards.get(i).fromMicros).isEqualTo(shards.get(i - 1).toMicros);
        assertThat(shards.get(i).fromMicros % 1000).isZero();
      }
    }
  }
}
