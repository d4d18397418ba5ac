package com.amperityworkflowruns.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.fetch.ShardPlanner;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReadPlanTest {
  private static final Instant FROM = Instant.parse("2024-01-01T00:00:00Z");

  @Test
  void startingShards_areTheDefaultGrid_whateverTheRangeLength() {
    assertThat(ReadPlan.startingShards(FROM, FROM.plus(Duration.ofDays(60)), null))
        .isEqualTo(ShardPlanner.GRID_SHARDS);
    assertThat(ReadPlan.startingShards(FROM, FROM.plus(Duration.ofDays(4)), null)).isEqualTo(4);
    assertThat(ReadPlan.startingShards(FROM, FROM.plus(Duration.ofHours(5)), null)).isEqualTo(1);
  }

  @Test
  void startingShards_withAShardDuration_areWindowsOfThatWidth_theLastOneShorter() {
    assertThat(ReadPlan.startingShards(FROM, FROM.plus(Duration.ofDays(60)), Duration.ofDays(7)))
        .isEqualTo(9);
  }
}
