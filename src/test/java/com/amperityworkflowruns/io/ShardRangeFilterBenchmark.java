package com.amperityworkflowruns.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.fetch.Cursor;
import com.amperityworkflowruns.simulator.ApiSimulator;
import com.amperityworkflowruns.simulator.SimRun;
import com.amperityworkflowruns.simulator.SimulatorConfig;
import com.amperityworkflowruns.simulator.SyntheticTenant;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Measures the range filter on the simulator's runs (every time style) on one thread; excluded
 * from the default build (tag {@code benchmark}) because it asserts on wall-clock time. Run with
 * {@code mvn -o test -Dtest=ShardRangeFilterBenchmark -DexcludedGroups=none}.
 */
@Tag("benchmark")
class ShardRangeFilterBenchmark {
  @Test
  void givenServedRuns_filtersOverTwoHundredThousandPerSecond() {
    // Arrange: 200,000 runs as served, pages of 100, a shard covering them all
    List<String> runs = new ArrayList<>();
    try (ApiSimulator sim = ApiSimulator.start(SimulatorConfig.builder().totalRuns(200_000).build())) {
      SyntheticTenant t = sim.tenant();
      for (SimRun r : t.runs()) {
        runs.add(t.jsonAsServed(r));
      }
    }
    Cursor shard = Cursor.start(1_600_000_000_000_000L, 1_900_000_000_000_000L);
    Counter none = new Counter() {
      @Override public void inc() {}
      @Override public void inc(long n) {}
      @Override public void dec() {}
      @Override public void dec(long n) {}
      @Override public MetricName getName() {
        return MetricName.named("bench", "runs_outside_range");
      }
    };
    List<Double> rates = new ArrayList<>();

    // Act: seven rounds, the median of the last five
    long kept = 0;
    for (int round = 0; round < 7; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < runs.size(); i += 100) {
        kept += ShardRangeFilter.keep(runs.subList(i, Math.min(runs.size(), i + 100)), shard, none)
            .size();
      }
      rates.add(runs.size() / ((System.nanoTime() - start) / 1e9));
    }
    List<Double> measured = new ArrayList<>(rates.subList(2, 7));
    measured.sort(null);

    // Assert
    System.out.printf("filtered %.0f runs/s (median of 5)%n", measured.get(2));
    assertThat(kept).isEqualTo(7L * runs.size());
    assertThat(measured.get(2)).isGreaterThan(200_000);
  }
}
