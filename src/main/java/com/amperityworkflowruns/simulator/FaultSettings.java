package com.amperityworkflowruns.simulator;

/** The fault knobs a running simulator lets tests change; starts from the configuration. */
final class FaultSettings {
  volatile double serverErrorRate;
  volatile double dropRate;
  volatile int latencyMinMillis;
  volatile int latencyMaxMillis;
  volatile int rateLimitPerSecond;
  /** Answer every page with an empty {@code data} array (an API incident, a wrong tenant). */
  volatile boolean emptyAnswers;

  FaultSettings(SimulatorConfig config) {
    serverErrorRate = config.serverErrorRate();
    dropRate = config.dropRate();
    latencyMinMillis = config.latencyMinMillis();
    latencyMaxMillis = config.latencyMaxMillis();
    rateLimitPerSecond = config.rateLimitPerSecond();
  }

  /** Sets both latency bounds at once (validated: 0 <= min <= max). */
  synchronized void latency(int min, int max) {
    if (min < 0 || min > max) {
      throw new IllegalArgumentException(
          "latency must satisfy 0 <= min <= max, got [" + min + ", " + max + "]");
    }
    latencyMinMillis = min;
    latencyMaxMillis = max;
  }

  static double fraction(String name, double v) {
    if (!(v >= 0.0 && v <= 1.0)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
    }
    return v;
  }
}
