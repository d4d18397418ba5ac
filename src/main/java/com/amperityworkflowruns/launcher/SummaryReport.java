package com.amperityworkflowruns.launcher;

import com.amperityworkflowruns.model.TypeStats;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;

/** The per-type summary over the whole range: written by the job, printed by the launcher. */
final class SummaryReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SummaryReport() {}

  static String location(String output, String jobId) {
    return output + "/_reports/" + jobId + "/summary.jsonl";
  }

  static String toJson(TypeStats s) {
    ObjectNode n = JSON.createObjectNode();
    n.put("type", s.type);
    n.put("runs", s.runs);
    n.put("failed", s.failed);
    if (s.failureRate != null) {
      n.put("failure_rate", s.failureRate);
    }
    if (s.durationMsP50 != null) {
      n.put("p50_ms", s.durationMsP50);
      n.put("p95_ms", s.durationMsP95);
    }
    return n.toString();
  }

  /** Reads the summary rows of a finished job, sorted by runs, most first. */
  static List<JsonNode> read(String output, String jobId) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    MatchResult match = FileSystems.match(location(output, jobId));
    if (match.status() != MatchResult.Status.OK) {
      return rows;
    }
    for (MatchResult.Metadata m : match.metadata()) {
      try (BufferedReader r =
          new BufferedReader(
              Channels.newReader(FileSystems.open(m.resourceId()), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (!line.isBlank()) {
            rows.add(JSON.readTree(line));
          }
        }
      }
    }
    rows.sort(Comparator.comparingLong((JsonNode n) -> -n.path("runs").asLong()));
    return rows;
  }

  /** Deletes the report once printed. */
  static void delete(String output, String jobId) throws IOException {
    FileTrees.delete(output + "/_reports/" + jobId);
  }

  /** Prints the table: type, runs, failure rate, p50 and p95 duration. */
  static void print(List<JsonNode> rows, PrintStream out) {
    out.printf("%-45s %9s %8s %10s %10s%n", "workflow type", "runs", "failed", "p50", "p95");
    for (JsonNode r : rows) {
      out.printf(
          "%-45s %,9d %8s %10s %10s%n",
          r.path("type").asText(),
          r.path("runs").asLong(),
          r.has("failure_rate")
              ? String.format("%.1f%%", r.get("failure_rate").asDouble() * 100)
              : "-",
          duration(r.get("p50_ms")),
          duration(r.get("p95_ms")));
    }
  }

  private static String duration(JsonNode ms) {
    if (ms == null || ms.isNull()) {
      return "-";
    }
    long s = ms.asLong() / 1000;
    return s >= 3600
        ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60)
        : String.format("%dm%02ds", s / 60, s % 60);
  }
}
