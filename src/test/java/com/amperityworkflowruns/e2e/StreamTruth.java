package com.amperityworkflowruns.e2e;

import com.amperityworkflowruns.simulator.SimRun;
import com.amperityworkflowruns.simulator.SyntheticTenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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

  private StreamTruth() {}

  /** The runs {@code tenant} shows ended in {@code [from, to)}, in windows of {@code windowMillis}. */
  static StreamTruth of(SyntheticTenant tenant, Instant from, Instant to, long windowMillis) {
    StreamTruth t = new StreamTruth();
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

  private static Truth.Stats stats(List<Truth.Run> group) {
    long succeeded = group.stream().filter(r -> r.state().equals("SUCCEEDED")).count();
    long failed = group.stream().filter(r -> r.state().equals("FAILED")).count();
    long canceled = group.stream().filter(r -> r.state().equals("CANCELED")).count();
    long stopped = group.stream().filter(r -> r.state().equals("STOPPED")).count();
    long terminal = succeeded + failed + canceled + stopped;
    long[] d = group.stream().filter(r -> r.durationMs() != null)
        .mapToLong(Truth.Run::durationMs).sorted().toArray();
    return new Truth.Stats(
        null,
        group.get(0).type() == null ? "unknown" : group.get(0).type(),
        group.size(),
        succeeded,
        failed,
        canceled,
        stopped,
        group.size() - terminal,
        terminal == 0 ? null : (double) failed / terminal,
        group.stream().filter(r -> "customer".equalsIgnoreCase(r.errorAttribution())).count(),
        group.stream().filter(r -> "platform".equalsIgnoreCase(r.errorAttribution())).count(),
        d.length == 0 ? null : d[0],
        d.length == 0 ? null : Arrays.stream(d).average().getAsDouble(),
        Truth.nearestRank(d, 50),
        Truth.nearestRank(d, 90),
        Truth.nearestRank(d, 95),
        Truth.nearestRank(d, 99),
        d.length == 0 ? null : d[d.length - 1]);
  }
}
