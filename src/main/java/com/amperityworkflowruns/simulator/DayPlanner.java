package com.amperityworkflowruns.simulator;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

/** Decides how many runs each day holds: normal, busy (about 1 in 10) and empty days. */
final class DayPlanner {
  static final double BUSY_DAY_FRACTION = 0.10;

  private DayPlanner() {}

  /** Returns one count per day of {@code [dataFrom, dataTo)}, summing to {@code totalRuns}. */
  static int[] plan(SimulatorConfig config, SplittableRandom random) {
    int days = (int) ChronoUnit.DAYS.between(config.dataFrom(), config.dataTo());
    double[] weights = new double[days];
    double sum = 0;
    for (int d = 0; d < days; d++) {
      double u = random.nextDouble();
      if (u < config.emptyDayFraction()) {
        weights[d] = 0;
      } else if (u < config.emptyDayFraction() + BUSY_DAY_FRACTION) {
        weights[d] = config.busyDayFactor() * (0.8 + 0.4 * random.nextDouble());
      } else {
        weights[d] = 0.6 + 0.8 * random.nextDouble();
      }
      sum += weights[d];
    }
    if (sum == 0) {
      weights[0] = 1;
      sum = 1;
    }
    return apportion(weights, sum, config.totalRuns());
  }

  /** Largest-remainder apportionment, so the counts sum exactly to the total. */
  private static int[] apportion(double[] weights, double sum, int total) {
    int[] counts = new int[weights.length];
    double[] remainders = new double[weights.length];
    int assigned = 0;
    for (int d = 0; d < weights.length; d++) {
      double exact = total * weights[d] / sum;
      counts[d] = (int) Math.floor(exact);
      remainders[d] = exact - counts[d];
      assigned += counts[d];
    }
    while (assigned < total) {
      int best = 0;
      for (int d = 1; d < weights.length; d++) {
        if (remainders[d] > remainders[best]) {
          best = d;
        }
      }
      counts[best]++;
      remainders[best] = -1;
      assigned++;
    }
    return counts;
  }

  /** The day with the given offset from {@code dataFrom}. */
  static LocalDate day(SimulatorConfig config, int offset) {
    return config.dataFrom().plusDays(offset);
  }
}
