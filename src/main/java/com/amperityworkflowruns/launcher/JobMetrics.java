package com.amperityworkflowruns.launcher;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/** The job's counters by name (summed over steps), read from a running or finished pipeline. */
final class JobMetrics {
  private final Map<String, Long> counters;

  private JobMetrics(Map<String, Long> counters) {
    this.counters = counters;
  }

  static JobMetrics of(PipelineResult result) {
    Map<String, Long> counters = new HashMap<>();
    try {
      MetricQueryResults q = result.metrics().queryMetrics(MetricsFilter.builder().build());
      for (MetricResult<Long> c : q.getCounters()) {
        Long v = c.getAttempted();
        if (v != null) {
          counters.merge(c.getName().getName(), v, Long::sum);
        }
      }
    } catch (RuntimeException e) {
      // Some runners cannot report metrics while the job runs: report zeros then.
    }
    return new JobMetrics(counters);
  }

  /** Counters given by name (tests of what is computed from them). */
  static JobMetrics of(Map<String, Long> counters) {
    return new JobMetrics(new HashMap<>(counters));
  }

  long get(String name) {
    return counters.getOrDefault(name, 0L);
  }
}
