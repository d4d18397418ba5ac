package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;

/** Compares a job's published tables with a {@link Truth}, run by run and row by row. */
final class OutputAssert {
  private OutputAssert() {}

  /** Runs, rejects and statistics all equal the truth. */
  static void outputEqualsTruth(Path output, Truth truth) {
    OutputTables tables = new OutputTables(output);
    runsEqualTruth(tables.runs(), truth);
    rejectsEqualTruth(tables.rejects(), truth);
    statsEqualTruth(tables.stats(), truth);
  }

  /** One row per good run, no extras, no duplicates, and the compared columns as expected. */
  static void runsEqualTruth(List<Map<String, Object>> rows, Truth truth) {
    List<String> ids = rows.stream().map(r -> (String) r.get("run_id")).toList();
    assertThat(duplicates(ids)).as("run ids written more than once").isEmpty();
    assertThat(new TreeSet<>(ids))
        .as("run ids written vs the simulator's good runs")
        .isEqualTo(truth.runs.keySet());
    SoftAssertions soft = new SoftAssertions();
    for (Map<String, Object> row : rows) {
      Truth.Run want = truth.runs.get((String) row.get("run_id"));
      String id = want.id();
      soft.assertThat(row.get("state")).as("state of %s", id).isEqualTo(want.state());
      soft.assertThat(row.get("state_raw")).as("state_raw of %s", id).isEqualTo(want.stateRaw());
      soft.assertThat(row.get("is_terminal")).as("is_terminal of %s", id).isEqualTo(want.terminal());
      soft.assertThat(asLong(row.get("created_at"))).as("created_at of %s", id)
          .isEqualTo(want.createdAtMicros());
      soft.assertThat(asLong(row.get("ended_at"))).as("ended_at of %s", id)
          .isEqualTo(want.endedAtMicros());
      soft.assertThat(asLong(row.get("duration_ms"))).as("duration_ms of %s", id)
          .isEqualTo(want.durationMs());
      soft.assertThat(row.get("created_date")).as("created_date of %s", id)
          .isEqualTo(want.createdDate());
      soft.assertThat((String) row.get("filename")).as("partition of %s", id)
          .contains("/workflow_runs/tenant=" + row.get("tenant") + "/created_date="
              + want.createdDate() + "/");
      soft.assertThat(row.get("tenant")).as("tenant of %s", id).isEqualTo(truth.tenant);
      soft.assertThat(row.get("type")).as("type of %s", id).isEqualTo(want.type());
      soft.assertThat(row.get("error_attribution")).as("error_attribution of %s", id)
          .isEqualTo(want.errorAttribution());
      soft.assertThat(row.get("error_type")).as("error_type of %s", id).isEqualTo(want.errorType());
      soft.assertThat(row.get("error_message")).as("error_message of %s", id)
          .isEqualTo(want.errorMessage());
      JsonNode data = row.get("error_data") == null ? null : Truth.parse((String) row.get("error_data"));
      soft.assertThat(data).as("error_data of %s", id).isEqualTo(want.errorData());
      // The same JSON value as served (Jackson may write non-BMP characters escaped or not).
      soft.assertThat(Truth.parse((String) row.get("raw_json"))).as("raw_json of %s", id)
          .isEqualTo(Truth.parse(want.rawJson()));
    }
    soft.assertAll();
  }

  /** Exactly the malformed records, with their reasons; days where they are knowable. */
  static void rejectsEqualTruth(List<Map<String, Object>> rows, Truth truth) {
    List<String> got =
        rows.stream().map(r -> r.get("run_id") + " | " + r.get("reason")).sorted().toList();
    List<String> want =
        truth.rejects.stream().map(r -> r.id() + " | " + r.reason()).sorted().toList();
    assertThat(got).as("rejects (run_id | reason)").isEqualTo(want);
    Map<JsonNode, Truth.Reject> byJson =
        truth.rejects.stream()
            .collect(Collectors.toMap(r -> Truth.parse(r.rawJson()), Function.identity()));
    for (Map<String, Object> row : rows) {
      Truth.Reject r = byJson.get(Truth.parse((String) row.get("raw_json")));
      assertThat(r).as("reject raw_json is a served record: %s", row.get("raw_json")).isNotNull();
      String day = (String) row.get("created_date");
      if (r.createdDate() != null) {
        assertThat((String) row.get("filename"))
            .endsWith("/rejects/tenant=" + truth.tenant + "/created_date=" + day + "/" + day
                + ".parquet");
        assertThat(day).as("created_date of reject %s", r.reason()).isEqualTo(r.createdDate());
      } else {
        // No parseable created_at: no day, one file per record id that reruns replace.
        assertThat(day).as("created_date of undated reject %s", r.reason()).isNull();
        assertThat((String) row.get("filename")).matches(".*/rejects/tenant=" + truth.tenant
            + "/created_date=__HIVE_DEFAULT_PARTITION__/undated-[0-9a-f]{16}\\.parquet");
      }
    }
  }

  /** One statistics row per (date, type) with every value as computed from the truth. */
  static void statsEqualTruth(List<Map<String, Object>> rows, Truth truth) {
    List<String> keys = rows.stream().map(r -> r.get("created_date") + "|" + r.get("type")).toList();
    assertThat(duplicates(keys)).as("stats rows written more than once").isEmpty();
    assertThat(new TreeSet<>(keys)).as("stats keys").isEqualTo(new TreeSet<>(truth.stats.keySet()));
    SoftAssertions soft = new SoftAssertions();
    for (Map<String, Object> row : rows) {
      String key = row.get("created_date") + "|" + row.get("type");
      Truth.Stats w = truth.stats.get(key);
      soft.assertThat((String) row.get("filename")).as("file of %s", key)
          .endsWith("/workflow_type_stats/tenant=" + truth.tenant + "/created_date="
              + w.createdDate() + "/" + w.createdDate() + ".parquet");
      soft.assertThat(row.get("tenant")).as("tenant of %s", key).isEqualTo(truth.tenant);
      soft.assertThat(asLong(row.get("runs"))).as("runs of %s", key).isEqualTo(w.runs());
      soft.assertThat(asLong(row.get("succeeded"))).as("succeeded of %s", key).isEqualTo(w.succeeded());
      soft.assertThat(asLong(row.get("failed"))).as("failed of %s", key).isEqualTo(w.failed());
      soft.assertThat(asLong(row.get("canceled"))).as("canceled of %s", key).isEqualTo(w.canceled());
      soft.assertThat(asLong(row.get("stopped"))).as("stopped of %s", key).isEqualTo(w.stopped());
      soft.assertThat(asLong(row.get("open_runs"))).as("open_runs of %s", key).isEqualTo(w.openRuns());
      if (w.failureRate() == null) {
        soft.assertThat(row.get("failure_rate")).as("failure_rate of %s", key).isNull();
      } else {
        soft.assertThat((Double) row.get("failure_rate")).as("failure_rate of %s", key)
            .isCloseTo(w.failureRate(), within(1e-12));
      }
      soft.assertThat(asLong(row.get("customer_errors"))).as("customer_errors of %s", key)
          .isEqualTo(w.customerErrors());
      soft.assertThat(asLong(row.get("platform_errors"))).as("platform_errors of %s", key)
          .isEqualTo(w.platformErrors());
      soft.assertThat(asLong(row.get("duration_ms_min"))).as("min of %s", key).isEqualTo(w.min());
      soft.assertThat(asLong(row.get("duration_ms_p50"))).as("p50 of %s", key).isEqualTo(w.p50());
      soft.assertThat(asLong(row.get("duration_ms_p90"))).as("p90 of %s", key).isEqualTo(w.p90());
      soft.assertThat(asLong(row.get("duration_ms_p95"))).as("p95 of %s", key).isEqualTo(w.p95());
      soft.assertThat(asLong(row.get("duration_ms_p99"))).as("p99 of %s", key).isEqualTo(w.p99());
      soft.assertThat(asLong(row.get("duration_ms_max"))).as("max of %s", key).isEqualTo(w.max());
      if (w.mean() == null) {
        soft.assertThat(row.get("duration_ms_mean")).as("mean of %s", key).isNull();
      } else {
        soft.assertThat((Double) row.get("duration_ms_mean")).as("mean of %s", key)
            .isCloseTo(w.mean(), within(1e-6 * Math.max(1, w.mean())));
      }
    }
    soft.assertAll();
  }

  static Set<String> duplicates(List<String> values) {
    Map<String, Integer> counts = new HashMap<>();
    values.forEach(v -> counts.merge(v, 1, Integer::sum));
    return counts.entrySet().stream()
        .filter(e -> e.getValue() > 1)
        .map(Map.Entry::getKey)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static Long asLong(Object o) {
    return o == null ? null : ((Number) o).longValue();
  }

  static List<String> sorted(List<String> in) {
    List<String> out = new ArrayList<>(in);
    out.sort(null);
    return out;
  }
}
