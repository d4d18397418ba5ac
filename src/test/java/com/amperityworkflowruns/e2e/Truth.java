package com.amperityworkflowruns.e2e;

import com.amperityworkflowruns.simulator.SimRun;
import com.amperityworkflowruns.simulator.SyntheticTenant;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a correct job must write for a range, computed here from the simulator's served JSON and
 * independently of the pipeline's code: one expected row per good run, one reject per malformed
 * record, one statistics row per (created date, type).
 */
final class Truth {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An expected {@code workflow_runs} row (the columns these tests compare). */
  record Run(
      String id,
      String type,
      String state,
      String stateRaw,
      boolean terminal,
      long createdAtMicros,
      Long endedAtMicros,
      Long durationMs,
      String createdDate,
      String errorAttribution,
      String errorType,
      String errorMessage,
      JsonNode errorData,
      String rawJson) {}

  /** An expected {@code rejects} row; {@code createdDate} null when it depends on the shard. */
  record Reject(String id, String reason, String rawJson, String createdDate) {}

  /** An expected {@code workflow_type_stats} row. */
  record Stats(
      String createdDate,
      String type,
      long runs,
      long succeeded,
      long failed,
      long canceled,
      long stopped,
      long openRuns,
      Double failureRate,
      long customerErrors,
      long platformErrors,
      Long min,
      Double mean,
      Long p50,
      Long p90,
      Long p95,
      Long p99,
      Long max) {}

  final Map<String, Run> runs;
  final List<Reject> rejects;
  /** Keyed by {@code "YYYY-MM-DD|type"}. */
  final Map<String, Stats> stats;
  /** The range, [from, to). */
  final LocalDate from;
  final LocalDate to;
  /** The tenant every row is filed under (the job's {@code --tenant}). */
  final String tenant;

  private Truth(
      Map<String, Run> runs,
      List<Reject> rejects,
      Map<String, Stats> stats,
      LocalDate from,
      LocalDate to,
      String tenant) {
    this.tenant = tenant;
    this.runs = runs;
    this.rejects = rejects;
    this.stats = stats;
    this.from = from;
    this.to = to;
  }

  /** The expectation of a job reading only runs of the raw workflow type {@code type}. */
  Truth ofType(String type) {
    Map<String, Run> r = new TreeMap<>();
    runs.values().stream().filter(x -> type.equals(x.type())).forEach(x -> r.put(x.id(), x));
    List<Reject> j =
        rejects.stream().filter(x -> type.equals(parse(x.rawJson()).path("type").asText())).toList();
    return new Truth(r, j, statsOf(r.values()), from, to, tenant);
  }

  /** The expectation for runs created in [from, to) as {@code tenant} serves them now. */
  static Truth of(SyntheticTenant tenant, LocalDate from, LocalDate to) {
    List<SimRun> visible =
        tenant.visibleRuns(
            from.atStartOfDay(ZoneOffset.UTC).toInstant(), to.atStartOfDay(ZoneOffset.UTC).toInstant());
    Map<String, Run> runs = new TreeMap<>();
    List<Reject> rejects = new ArrayList<>();
    for (SimRun r : visible) {
      String json = tenant.jsonAsServed(r);
      JsonNode node = parse(json);
      if (r.malformed()) {
        rejects.add(expectedReject(r, node, json));
      } else {
        Run run = expectedRun(node, json);
        if (runs.put(run.id(), run) != null) {
          throw new IllegalStateException("the simulator serves id " + run.id() + " twice");
        }
      }
    }
    return new Truth(runs, rejects, statsOf(runs.values()), from, to, tenant.config().tenant());
  }

  private static Reject expectedReject(SimRun r, JsonNode node, String json) {
    switch (r.malformedKind()) {
      case SimRun.MISSING_ID:
        return new Reject(null, "missing id", json, dateOf(node.get("created_at").asText()));
      case SimRun.BAD_CREATED_AT:
        // No parseable created_at: the day is the read shard's, which the test cannot know.
        return new Reject(
            r.id(), "unparseable created_at: '" + node.get("created_at").asText() + "'", json, null);
      case SimRun.ENDED_BEFORE_CREATED:
        return new Reject(
            r.id(), "ended_at before created_at", json, dateOf(node.get("created_at").asText()));
      default:
        throw new IllegalStateException("unknown malformed kind " + r.malformedKind());
    }
  }

  static Run expectedRun(JsonNode n, String json) {
    String stateRaw = textOrNull(n.get("state"));
    String state = stateName(stateRaw);
    boolean terminal = Arrays.asList("SUCCEEDED", "FAILED", "CANCELED", "STOPPED").contains(state);
    long created = micros(n.get("created_at").asText());
    Long ended = textOrNull(n.get("ended_at")) == null ? null : micros(n.get("ended_at").asText());
    Long duration = terminal && ended != null ? (ended - created) / 1000 : null;
    JsonNode error = n.get("error");
    boolean hasError = error != null && error.isObject();
    JsonNode data = hasError ? error.get("data") : null;
    return new Run(
        n.get("id").asText(),
        textOrNull(n.get("type")),
        state,
        stateRaw,
        terminal,
        created,
        ended,
        duration,
        dateOf(n.get("created_at").asText()),
        hasError ? textOrNull(error.get("attribution")) : null,
        hasError ? textOrNull(error.get("type")) : null,
        hasError ? textOrNull(error.get("message")) : null,
        data == null || data.isNull() ? null : data,
        json);
  }

  /** The documented state mapping: case-, space-, hyphen-insensitive, open set. */
  static String stateName(String raw) {
    if (raw == null) {
      return "UNKNOWN";
    }
    String k = raw.toLowerCase(Locale.ROOT).replace(" ", "").replace("-", "").replace("_", "");
    return switch (k) {
      case "scheduled" -> "SCHEDULED";
      case "started" -> "STARTED";
      case "inprogress" -> "IN_PROGRESS";
      case "runningwithfailures" -> "RUNNING_WITH_FAILURES";
      case "stopping" -> "STOPPING";
      case "stopped" -> "STOPPED";
      case "succeeded" -> "SUCCEEDED";
      case "failed" -> "FAILED";
      case "canceled", "cancelled" -> "CANCELED";
      default -> "UNKNOWN";
    };
  }

  private static Map<String, Stats> statsOf(Iterable<Run> runs) {
    Map<String, List<Run>> groups = new TreeMap<>();
    for (Run r : runs) {
      String type = r.type() == null ? "unknown" : r.type();
      groups.computeIfAbsent(r.createdDate() + "|" + type, k -> new ArrayList<>()).add(r);
    }
    Map<String, Stats> out = new HashMap<>();
    groups.forEach((key, group) -> out.put(key, statsOf(key, group)));
    return out;
  }

  private static Stats statsOf(String key, List<Run> group) {
    return statsOf(key.substring(0, key.indexOf('|')), key.substring(key.indexOf('|') + 1), group);
  }

  /** The statistics row of {@code group}, computed independently of the pipeline. */
  static Stats statsOf(String day, String type, List<Run> group) {
    long succeeded = count(group, "SUCCEEDED");
    long failed = count(group, "FAILED");
    long canceled = count(group, "CANCELED");
    long stopped = count(group, "STOPPED");
    long terminal = succeeded + failed + canceled + stopped;
    long[] d =
        group.stream()
            .filter(r -> r.terminal() && r.durationMs() != null)
            .mapToLong(Run::durationMs)
            .sorted()
            .toArray();
    return new Stats(
        day,
        type,
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
        nearestRank(d, 50),
        nearestRank(d, 90),
        nearestRank(d, 95),
        nearestRank(d, 99),
        d.length == 0 ? null : d[d.length - 1]);
  }

  /** The smallest value with at least p% of the values at or below it. */
  static Long nearestRank(long[] sorted, int p) {
    if (sorted.length == 0) {
      return null;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length - 1e-9);
    return sorted[Math.max(1, rank) - 1];
  }

  private static long count(List<Run> group, String state) {
    return group.stream().filter(r -> r.state().equals(state)).count();
  }

  static long micros(String iso) {
    Instant t = OffsetDateTime.parse(iso).toInstant();
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000L;
  }

  static String dateOf(String iso) {
    return OffsetDateTime.parse(iso).toInstant().atZone(ZoneOffset.UTC).toLocalDate().toString();
  }

  private static String textOrNull(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
