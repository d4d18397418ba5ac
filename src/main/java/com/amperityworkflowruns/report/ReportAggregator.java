package com.amperityworkflowruns.report;

import com.amperityworkflowruns.transforms.ComputeTypeStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds the runs of a {@link ReportPeriod} into the figures of the page, in one pass and in
 * memory: a counter per (bucket, type), per workflow name and per error type, and the durations
 * of terminal runs for exact percentiles (8 bytes a run in each of up to four tallies).
 */
final class ReportAggregator {
  /** Runs without a type count under the same name as in {@code workflow_type_stats}. */
  static final String NO_TYPE = ComputeTypeStats.UNKNOWN_TYPE;
  static final String NO_ATTRIBUTION = "not given";
  /** The stacks of the runs-by-state chart; OPEN is every state that is not final. */
  static final List<String> STATES = List.of("SUCCEEDED", "FAILED", "CANCELED", "STOPPED", "OPEN");

  final ReportPeriod period;
  final Tally headline = new Tally();
  final Tally previous = new Tally();
  final Map<String, Tally> typesInRange = new HashMap<>();
  final Map<String, Tally> typesInHeadline = new HashMap<>();
  final Map<String, Tally> typesInPrevious = new HashMap<>();
  /** Per trend bucket, per type. */
  final List<Map<String, Tally>> typesPerBucket = new ArrayList<>();
  /** Per volume bucket and state (SUCCEEDED, FAILED, CANCELED, STOPPED, OPEN): run counts. */
  final long[][] statesPerBucket;
  /** Failed runs in the range by error attribution (customer, platform, not given). */
  final Map<String, Long> attribution = new TreeMap<>();
  /** Failed runs in the range by error type, then by attribution. */
  final Map<String, Map<String, Long>> errorTypes = new HashMap<>();
  final Map<String, NameTally> names = new HashMap<>();
  long unnamedFailures;

  ReportAggregator(ReportPeriod period) {
    this.period = period;
    for (int i = 0; i < period.trend.size(); i++) {
      typesPerBucket.add(new HashMap<>());
    }
    statesPerBucket = new long[period.volume.size()][STATES.size()];
  }

  /** Counts one run; runs outside every period of the report are ignored. */
  void add(RunRow r) {
    String type = r.type == null ? NO_TYPE : r.type;
    if (period.inHeadline(r.day)) {
      headline.add(r);
      typesInHeadline.computeIfAbsent(type, t -> new Tally()).add(r);
    } else if (period.inPrevious(r.day)) {
      previous.add(r);
      typesInPrevious.computeIfAbsent(type, t -> new Tally()).add(r);
    }
    if (!period.inRange(r.day)) {
      return;
    }
    statesPerBucket[period.volume.indexOf(r.day)][stateIndex(r)]++;
    typesInRange.computeIfAbsent(type, t -> new Tally()).add(r);
    typesPerBucket.get(period.trend.indexOf(r.day)).computeIfAbsent(type, t -> new Tally()).add(r);
    if (r.name != null) {
      names.computeIfAbsent(r.name, n -> new NameTally()).add(r, type);
    } else if (r.failed()) {
      unnamedFailures++;
    }
    if (r.failed()) {
      String who = attributionOf(r.errorAttribution);
      attribution.merge(who, 1L, Long::sum);
      String errorType = r.errorType == null ? "(no error type)" : r.errorType;
      errorTypes.computeIfAbsent(errorType, e -> new TreeMap<>()).merge(who, 1L, Long::sum);
    }
  }

  /** Types by runs in the range, most first, then by name. */
  List<String> typesByRuns() {
    List<String> types = new ArrayList<>(typesInRange.keySet());
    types.sort(Comparator.comparingLong((String t) -> -typesInRange.get(t).runs)
        .thenComparing(Comparator.naturalOrder()));
    return types;
  }

  /**
   * The {@code limit} names with the most failures in the range; ties by failure rate, then name.
   */
  List<Map.Entry<String, NameTally>> topFailingNames(int limit) {
    List<Map.Entry<String, NameTally>> failing = new ArrayList<>();
    for (Map.Entry<String, NameTally> e : names.entrySet()) {
      if (e.getValue().failed > 0) {
        failing.add(e);
      }
    }
    failing.sort(Comparator.comparingLong((Map.Entry<String, NameTally> e) -> -e.getValue().failed)
        .thenComparing(e -> -e.getValue().failureRate())
        .thenComparing(Map.Entry::getKey));
    return failing.subList(0, Math.min(limit, failing.size()));
  }

  private static int stateIndex(RunRow r) {
    int i = STATES.indexOf(r.state.name());
    return i < 0 ? STATES.size() - 1 : i;
  }

  static String attributionOf(String raw) {
    if ("customer".equalsIgnoreCase(raw)) {
      return "customer";
    }
    if ("platform".equalsIgnoreCase(raw)) {
      return "platform";
    }
    return NO_ATTRIBUTION;
  }

  /** Runs of one workflow name. */
  static final class NameTally {
    long runs;
    long terminal;
    long failed;
    long lastFailureMicros = Long.MIN_VALUE;
    String lastFailureType;

    void add(RunRow r, String type) {
      runs++;
      if (r.state.isTerminal()) {
        terminal++;
      }
      if (r.failed()) {
        failed++;
        if (r.failedAtMicros() > lastFailureMicros) {
          lastFailureMicros = r.failedAtMicros();
          lastFailureType = type;
        }
      }
    }

    double failureRate() {
      return terminal == 0 ? 0 : (double) failed / terminal;
    }
  }
}
