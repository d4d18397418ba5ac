package com.amperityworkflowruns.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.model.RawRun;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Measures normalization throughput on one thread; excluded from the default build (tag {@code
 * benchmark}) because it asserts on wall-clock time. Run with {@code -DexcludedGroups=none}.
 */
@Tag("benchmark")
class NormalizerThroughputBenchmark {
  @Test
  void givenTypicalRecords_normalizesOverTwentyThousandPerSecond() {
    // Arrange
    List<RawRun> records = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      String json = TestRuns.json("wf-20240603-" + i + "-MNabc", "amperity.orchestration.orchestration/run",
          i % 3 == 0 ? "Failed" : "succeeded", "2024-02-10T17:29:22.454Z", "2024-02-10T17:39:22.454Z",
          i % 3 == 0 ? "customer" : null);
      records.add(TestRuns.raw(json));
    }
    records.forEach(RunNormalizer::normalize); // warm-up

    // Act
    long start = System.nanoTime();
    int runs = 0;
    for (int round = 0; round < 5; round++) {
      for (RawRun raw : records) {
        runs += RunNormalizer.normalize(raw).isRun() ? 1 : 0;
      }
    }
    double perSecond = runs / ((System.nanoTime() - start) / 1e9);

    // Assert
    System.out.printf("normalized %.0f records/s%n", perSecond);
    assertThat(runs).isEqualTo(100_000);
    assertThat(perSecond).isGreaterThan(20_000);
  }
}
