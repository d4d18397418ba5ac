package com.amperityworkflowruns.e2e;

import com.amperityworkflowruns.simulator.SimRun;
import com.amperityworkflowruns.simulator.SyntheticTenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a correct stream must write for the end times {@code [from, to)}, computed here from the
 * simulator's runs and served JSON, independently of the pipeline: every finished run once, the
 * malformed records that ended in the range as rejects, and statistics per (window, type).
 */
final class StreamTruth {
  /** Expected finished runs by id. */
  final Map<String, Truth.Run> runs = new TreeMap<>();
  /** Raw JSON of the expected rejects. */
  final List<String> rejects = new ArrayList<>();
  /** Expected statistics by {@code "windowStartMicros|type"}. */
  final Map<String, Truth.Stats> stats = new TreeMap<>();
  /** The job's tenant: every row is filed under it. */
  final String tenant;

  private StreamTruth(String tenant) {
    this.tenant = tenant;
  }

  /** The runs {@code tenant} shows ended in {@code [from, to)}, in windows of {@code windowMillis}. */
  static StreamTruth of(SyntheticTenant tenant, Instant from, Instant to, long windowMillis) {
    StreamTruth t = new StreamTruth(tenant.config().tenant());
    Map<String, List<Truth.Run>> groups = new TreeMap<>();
    for (SimRun r : tenant.runs()) {
      if (r.endedAt() == null || r.endedAt().isBefore(from) || !r.endedAt().isBefore(to)) {
        continue;
      }
      String json = tenant.jsonAsServed(r);
      if (r.malformed()) {
        t.rejects.add(json);
        continue;
      }
      Truth.Run run = Truth.expectedRun(Truth.parse(json), json);
      t.runs.put(run.id(), run);
      long ended = run.endedAtMicros() / 1000;
      long window = Math.floorDiv(ended, windowMillis) * windowMillis * 1000;
      String type = run.type() == null ? "unknown" : run.type();
      groups.computeIfAbsent(window + "|" + type, k -> new ArrayList<>()).add(run);
    }
    groups.forEach((key, group) -> t.stats.put(key, stats(group)));
    return t;
  }

  /** The window's row: the batch computation, without a day (all stream runs are terminal). */
  private static Truth.Stats stats(List<Truth.Run> group) {
    String type = group.get(0).type();
    return Truth.statsOf(null, type == null ? "unknown" : type, group);
  }
}
