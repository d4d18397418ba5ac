package com.amperityworkflowruns.transforms;

import static com.amperityworkflowruns.transforms.TestRuns.finished;
import static com.amperityworkflowruns.transforms.TestRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.model.TypeStats;
import com.amperityworkflowruns.model.WorkflowRun;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatsAccumulatorTest {
  private static final String DAY = "2024-02-10";
  private static final String CREATED = "2024-02-10T01:00:00Z";

  private static StatsAccumulator durations(long... values) {
    StatsAccumulator acc = new StatsAccumulator();
    int i = 0;
    for (long v : values) {
      acc.add(finished("r" + i++, "t", "succeeded", DAY, v));
    }
    return acc;
  }

  @Test
  void givenMixedRuns_countsStatesErrorsAndDurations() {
    // Arrange
    List<WorkflowRun> runs = List.of(
        finished("a", "t", "succeeded", DAY, 100),
        finished("b", "t", "succeeded", DAY, 400),
        run("c", "t", "failed", CREATED, "2024-02-10T01:00:00.300Z", "customer"),
        run("d", "t", "Failed", CREATED, null, "PLATFORM"),
        run("e", "t", "canceled", CREATED, "2024-02-10T01:00:01Z", "platform"),
        run("f", "t", "stopped", CREATED, "2024-02-10T01:00:00.200Z", null),
        run("g", "t", "in progress", CREATED, null, null),
        run("h", "t", "running with failures", CREATED, "2024-02-10T03:00:00Z", "customer"),
        run("i", "t", "weird", CREATED, null, "someone"));
    StatsAccumulator acc = new StatsAccumulator();

    // Act
    runs.forEach(acc::add);
    TypeStats stats = acc.toTypeStats(DAY, "t");

    // Assert: durations of terminal runs only: 100, 200, 300, 400, 1000 (d has no ended_at).
    assertThat(stats).isEqualTo(new TypeStats(
        DAY, "t", 9, 2, 2, 1, 1, 3, 2.0 / 6, 2, 2,
        100L, 400.0, 300L, 1000L, 1000L, 1000L, 1000L));
  }

  @Test
  void givenNoTerminalRun_failureRateAndDurationsAreNull() {
    StatsAccumulator acc = new StatsAccumulator();
    acc.add(run("a", null, "started", CREATED, null, null));
    acc.add(run("b", null, "scheduled", CREATED, "2024-02-10T02:00:00Z", null));

    TypeStats stats = acc.toTypeStats(null, "unknown");

    assertThat(stats).isEqualTo(new TypeStats(
        null, "unknown", 2, 0, 0, 0, 0, 2, null, 0, 0, null, null, null, null, null, null, null));
  }

  @Test
  void givenEmpty_hasZeroCountsAndNullFigures() {
    TypeStats stats = new StatsAccumulator().toTypeStats(DAY, "t");

    assertThat(stats.runs).isZero();
    assertThat(stats.failureRate).isNull();
    assertThat(stats.durationMsP50).isNull();
    assertThat(stats.durationMsMean).isNull();
  }

  @Test
  void givenOneDuration_everyFigureIsIt() {
    TypeStats stats = durations(42).toTypeStats(DAY, "t");

    assertThat(List.of(stats.durationMsMin, stats.durationMsP50, stats.durationMsP90,
            stats.durationMsP95, stats.durationMsP99, stats.durationMsMax))
        .containsOnly(42L);
    assertThat(stats.durationMsMean).isEqualTo(42.0);
    assertThat(stats.failureRate).isEqualTo(0.0);
  }

  @Test
  void givenTwoDurations_medianIsTheLowerAndUpperPercentilesTheHigher() {
    TypeStats stats = durations(20, 10).toTypeStats(DAY, "t");

    assertThat(stats.durationMsP50).isEqualTo(10L);
    assertThat(stats.durationMsP90).isEqualTo(20L);
    assertThat(stats.durationMsP99).isEqualTo(20L);
    assertThat(stats.durationMsMean).isEqualTo(15.0);
  }

  @Test
  void givenOneToHundred_percentileIsItsRank() {
    long[] values = new long[100];
    for (int i = 0; i < 100; i++) {
      values[i] = 100 - i;
    }

    TypeStats stats = durations(values).toTypeStats(DAY, "t");

    assertThat(stats.durationMsMin).isEqualTo(1L);
    assertThat(stats.durationMsP50).isEqualTo(50L);
    assertThat(stats.durationMsP90).isEqualTo(90L);
    assertThat(stats.durationMsP95).isEqualTo(95L);
    assertThat(stats.durationMsP99).isEqualTo(99L);
    assertThat(stats.durationMsMax).isEqualTo(100L);
    assertThat(stats.durationMsMean).isEqualTo(50.5);
  }

  @ParameterizedTest
  @CsvSource({"50, 1, 1", "99, 1, 1", "50, 2, 1", "90, 2, 2", "90, 10, 9", "95, 10, 10",
      "90, 100, 90", "99, 100, 99", "50, 101, 51", "99, 1000, 990", "95, 7, 7", "50, 7, 4"})
  void givenPercentileAndCount_nearestRankIsCeiling(int p, int n, int rank) {
    assertThat(StatsAccumulator.nearestRank(p, n)).isEqualTo(rank);
  }

  @Test
  void givenSplitInput_mergeEqualsSinglePass() {
    StatsAccumulator whole = durations(5, 1, 9, 3, 7);
    StatsAccumulator left = durations(5, 1);
    StatsAccumulator right = durations(9, 3, 7);

    assertThat(new StatsAccumulator().merge(right).merge(left).toTypeStats(DAY, "t"))
        .isEqualTo(whole.toTypeStats(DAY, "t"));
  }

  @Test
  void givenHugeDurations_meanDoesNotOverflow() {
    StatsAccumulator acc = new StatsAccumulator(new long[] {Long.MAX_VALUE, Long.MAX_VALUE - 1}, 2);

    assertThat(acc.toTypeStats(DAY, "t").durationMsMean).isEqualTo((double) Long.MAX_VALUE);
  }

  @Test
  void givenAccumulator_coderRoundTripsIt() throws IOException {
    // Arrange
    StatsAccumulator acc = durations(1, 86_400_000L, 3);
    acc.add(run("x", "t", "failed", CREATED, null, "customer"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    // Act
    StatsAccumulatorCoder.of().encode(acc, bytes);
    StatsAccumulator decoded = StatsAccumulatorCoder.of().decode(new ByteArrayInputStream(bytes.toByteArray()));

    // Assert
    assertThat(decoded.toTypeStats(DAY, "t")).isEqualTo(acc.toTypeStats(DAY, "t"));
    assertThat(bytes.size()).isLessThan(8 * 4 + 7);
  }

  @Test
  void givenEmptyAccumulator_coderRoundTripsAndCanGrow() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StatsAccumulatorCoder.of().encode(new StatsAccumulator(), bytes);

    StatsAccumulator decoded = StatsAccumulatorCoder.of().decode(new ByteArrayInputStream(bytes.toByteArray()));
    decoded.merge(durations(4, 2));

    assertThat(decoded.toTypeStats(DAY, "t").durationMsMax).isEqualTo(4L);
  }
}
