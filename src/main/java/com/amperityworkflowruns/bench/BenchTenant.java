package com.amperityworkflowruns.bench;

import com.amperityworkflowruns.simulator.SimulatorConfig;
import java.time.LocalDate;

/** The benchmark's tenant: the same simulator settings in this JVM and in a simulator process. */
final class BenchTenant {
  private BenchTenant() {}

  /**
   * {@code runs} over {@code days} from 2024-01-01 (busy days x12, ~5% empty), answers after
   * {@code latencyMin..latencyMax} ms, a strict limit of {@code rate} requests per second (0: none)
   * counted {@code 0..jitterMillis} ms after each request arrives.
   */
  static SimulatorConfig config(
      int runs, int days, int latencyMin, int latencyMax, int rate, int jitterMillis) {
    LocalDate from = LocalDate.of(2024, 1, 1);
    return SimulatorConfig.builder()
        .tenant("bench")
        .totalRuns(runs)
        .dataFrom(from)
        .dataTo(from.plusDays(days))
        .busyDayFactor(12)
        .emptyDayFraction(0.05)
        .latencyMillis(latencyMin, latencyMax)
        .rateLimitPerSecond(rate)
        .maxPageSize(1000)
        .arrivalJitterMillis(jitterMillis)
        .build();
  }
}
