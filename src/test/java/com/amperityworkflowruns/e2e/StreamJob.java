package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.simulator.ApiSimulator;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The command line of a stream job against a simulator, and the checks of its output. */
final class StreamJob {
  private StreamJob() {}

  /** Arguments following {@code sim} from {@code from} to {@code stopAt} into {@code output}. */
  static List<String> args(ApiSimulator sim, Path tokenFile, Path output, Instant from,
      Instant stopAt, String statsWindow) {
    List<String> args = new ArrayList<>();
    args.add("--mode=stream");
    args.add("--tenant=" + sim.config().tenant());
    args.add("--baseUrl=" + sim.baseUrl());
    args.add("--tokenFile=" + tokenFile);
    args.add("--followFrom=" + from);
    args.add("--stopAt=" + stopAt);
    args.add("--statsWindow=" + statsWindow);
    args.add("--output=" + output);
    args.add("--pageSize=50");
    args.add("--rateLimit=100");
    return args;
  }

  /** The output holds exactly the truth's finished runs, once each, rejects and statistics. */
  static void outputEqualsTruth(Path out, StreamTruth truth) {
    StreamTables tables = new StreamTables(out);
    List<Map<String, Object>> runs = tables.finishedRuns();
    rowsEqualTruth(runs, tables.rejects(), tables.hourlyStats(), truth, 0);
    for (Map<String, Object> row : runs) {
      Truth.Run expected = truth.runs.get((String) row.get("run_id"));
      assertThat((String) row.get("filename"))
          .contains("/finished_runs/tenant=" + truth.tenant + "/ended_date=" + endedDate(expected)
              + "/");
    }
  }

  /** The BigQuery stream tables hold exactly the truth's rows, once each. */
  static void tablesEqualTruth(StreamBigQueryTables tables, StreamTruth truth) {
    List<Map<String, Object>> runs = tables.finishedRuns();
    // Beam's fake hands FLOAT values back through a DecimalFormat of 15 fraction digits (its
    // proto-to-TableRow conversion): compared within 1e-12, not bit for bit
    rowsEqualTruth(runs, tables.rejects(), tables.hourlyStats(), truth, 1e-12);
    for (Map<String, Object> row : runs) {
      assertThat(row.get("ended_date")).as("partition of " + row.get("run_id"))
          .isEqualTo(endedDate(truth.runs.get((String) row.get("run_id"))));
    }
    for (Map<String, Object> row : tables.hourlyStats()) {
      assertThat(row.get("ended_date")).isEqualTo(
          Instant.ofEpochMilli((Long) row.get("window_start") / 1000).toString().substring(0, 10));
    }
  }

  private static String endedDate(Truth.Run run) {
    return Instant.ofEpochMilli(run.endedAtMicros() / 1000).toString().substring(0, 10);
  }

  /** Finished runs, rejects and statistics rows equal the truth's, once each. */
  static void rowsEqualTruth(List<Map<String, Object>> runs, List<Map<String, Object>> rejectRows,
      List<Map<String, Object>> stats, StreamTruth truth, double floatTolerance) {
    List<String> ids = runs.stream().map(r -> (String) r.get("run_id")).toList();
    assertThat(ids).as("finished runs, no doubles").doesNotHaveDuplicates();
    assertThat(new HashSet<>(ids)).as("finished runs").isEqualTo(truth.runs.keySet());
    for (Map<String, Object> row : runs) {
      Truth.Run expected = truth.runs.get((String) row.get("run_id"));
      assertThat(row.get("state")).isEqualTo(expected.state());
      assertThat(row.get("ended_at")).isEqualTo(expected.endedAtMicros());
      assertThat(row.get("duration_ms")).isEqualTo(expected.durationMs());
      assertThat(row.get("raw_json")).isEqualTo(expected.rawJson());
      assertThat(row.get("is_terminal")).isEqualTo(true);
    }
    Set<String> rejects = new HashSet<>();
    rejectRows.forEach(r -> rejects.add((String) r.get("raw_json")));
    assertThat(rejects).as("rejects").isEqualTo(new HashSet<>(truth.rejects));
    assertThat(rejectRows).as("rejects, no doubles").hasSize(truth.rejects.size());

    Set<String> keys = new HashSet<>();
    for (Map<String, Object> row : stats) {
      String key = row.get("window_start") + "|" + row.get("type");
      assertThat(keys.add(key)).as("one stats row per window and type: " + key).isTrue();
      Truth.Stats e = truth.stats.get(key);
      assertThat(e).as("expected stats for " + key).isNotNull();
      assertThat(row.get("runs")).as(key).isEqualTo(e.runs());
      assertThat(row.get("succeeded")).as(key).isEqualTo(e.succeeded());
      assertThat(row.get("failed")).as(key).isEqualTo(e.failed());
      assertThat(row.get("canceled")).as(key).isEqualTo(e.canceled());
      assertThat(row.get("stopped")).as(key).isEqualTo(e.stopped());
      assertThat(row.get("open_runs")).as(key).isEqualTo(e.openRuns());
      if (floatTolerance == 0 || e.failureRate() == null) {
        assertThat(row.get("failure_rate")).as(key).isEqualTo(e.failureRate());
      } else {
        assertThat((Double) row.get("failure_rate")).as(key)
            .isCloseTo(e.failureRate(), org.assertj.core.data.Offset.offset(floatTolerance));
      }
      assertThat(row.get("customer_errors")).as(key).isEqualTo(e.customerErrors());
      assertThat(row.get("platform_errors")).as(key).isEqualTo(e.platformErrors());
      assertThat(row.get("duration_ms_min")).as(key).isEqualTo(e.min());
      assertThat(row.get("duration_ms_p50")).as(key).isEqualTo(e.p50());
      assertThat(row.get("duration_ms_p90")).as(key).isEqualTo(e.p90());
      assertThat(row.get("duration_ms_p95")).as(key).isEqualTo(e.p95());
      assertThat(row.get("duration_ms_p99")).as(key).isEqualTo(e.p99());
      assertThat(row.get("duration_ms_max")).as(key).isEqualTo(e.max());
      if (e.mean() != null) {
        assertThat((Double) row.get("duration_ms_mean")).as(key)
            .isCloseTo(e.mean(), org.assertj.core.data.Offset.offset(1e-6));
      }
    }
    assertThat(keys).as("stats rows").isEqualTo(truth.stats.keySet());
  }
}
