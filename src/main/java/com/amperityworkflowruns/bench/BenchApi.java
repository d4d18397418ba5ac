package com.amperityworkflowruns.bench;

import com.amperityworkflowruns.simulator.ApiSimulator;
import com.amperityworkflowruns.simulator.SimRun;
import com.amperityworkflowruns.simulator.SimulatorStats;

/**
 * The simulated API a benchmark reads from: in this JVM, or in a process of its own ({@link
 * SimulatorProcess}), where the job's garbage collection and threads cannot delay the limiter's
 * clock (a real API runs elsewhere).
 */
interface BenchApi extends AutoCloseable {
  String baseUrl();

  /** Records served, malformed ones included. */
  long runs();

  /** Records the job must reject. */
  long malformed();

  Figures figures();

  /** Zeroes the counters (the limiter's window is kept), between two measured jobs. */
  void reset();

  @Override
  void close();

  /** What the limiter saw. Nanosecond times are the simulator's clock: use differences only. */
  record Figures(
      long requests, long tooMany429, int peakRequestsPerSecond, long firstNanos, long lastNanos) {
    double seconds() {
      return (lastNanos - firstNanos) / 1e9;
    }

    static Figures of(SimulatorStats s) {
      return new Figures(s.requests(), s.tooMany429(), s.peakRequestsPerSecond(),
          s.firstRequestNanos(), s.lastRequestNanos());
    }
  }

  /** The simulator in this JVM. */
  static BenchApi inline(ApiSimulator api) {
    long malformed = api.tenant().runs().stream().filter(SimRun::malformed).count();
    long runs = api.tenant().runs().size();
    return new BenchApi() {
      @Override
      public String baseUrl() {
        return api.baseUrl();
      }

      @Override
      public long runs() {
        return runs;
      }

      @Override
      public long malformed() {
        return malformed;
      }

      @Override
      public Figures figures() {
        return Figures.of(api.stats());
      }

      @Override
      public void reset() {
        api.resetStats();
      }

      @Override
      public void close() {
        api.close();
      }
    };
  }
}
