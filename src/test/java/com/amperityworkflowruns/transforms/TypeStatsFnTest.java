package com.amperityworkflowruns.transforms;

import static com.amperityworkflowruns.transforms.TestRuns.finished;
import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.model.TypeStats;
import com.amperityworkflowruns.model.WorkflowRun;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.CombineFnTester;
import org.junit.jupiter.api.Test;

class TypeStatsFnTest {
  @Test
  void givenAnySharding_combineFnGivesTheSameStats() {
    // Arrange
    List<WorkflowRun> runs = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      runs.add(finished("r" + i, "t", i % 4 == 0 ? "failed" : "succeeded", "2024-02-10", 1_000L * (i % 7)));
    }
    StatsAccumulator expected = new StatsAccumulator();
    runs.forEach(expected::add);

    // Act + Assert: CombineFnTester tries many shardings and merge orders.
    CombineFnTester.testCombineFn(new TypeStatsFn(), runs,
        new org.hamcrest.CustomMatcher<StatsAccumulator>("same stats as one pass") {
          @Override
          public boolean matches(Object actual) {
            return actual instanceof StatsAccumulator
                && ((StatsAccumulator) actual).toTypeStats("d", "t").equals(expected.toTypeStats("d", "t"));
          }
        });
  }

  @Test
  void givenMillionDurations_computesExactPercentiles() {
    // Arrange: durations 1..1,000,000 in scrambled order.
    int n = 1_000_000;
    long[] durations = new long[n];
    for (int i = 0; i < n; i++) {
      durations[i] = ((long) i * 7919 % n) + 1;
    }
    StatsAccumulator acc = new StatsAccumulator(durations, n);
    acc.runs = n;
    acc.succeeded = n;

    // Act
    TypeStats stats = acc.toTypeStats(null, "t");

    // Assert
    assertThat(stats.durationMsMin).isEqualTo(1L);
    assertThat(stats.durationMsP50).isEqualTo(500_000L);
    assertThat(stats.durationMsP90).isEqualTo(900_000L);
    assertThat(stats.durationMsP99).isEqualTo(990_000L);
    assertThat(stats.durationMsMax).isEqualTo(1_000_000L);
    assertThat(stats.durationMsMean).isEqualTo(500_000.5);
  }
}
