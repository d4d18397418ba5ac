package com.amperityworkflowruns.transforms;

import com.amperityworkflowruns.model.RawRun;
import com.amperityworkflowruns.model.WorkflowRun;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Builds API records and normalized runs for tests. */
final class TestRuns {
  static final String SHARD = "2024-02-10";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TestRuns() {}

  /** A record as the API sends it; null arguments leave the field out. */
  static String json(
      String id,
      @Nullable String type,
      @Nullable String state,
      @Nullable String createdAt,
      @Nullable String endedAt,
      @Nullable String attribution) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("id", id);
    node.put("name", "Nightly " + id);
    if (type != null) {
      node.put("type", type);
    }
    if (state != null) {
      node.put("state", state);
    }
    if (createdAt != null) {
      node.put("created_at", createdAt);
    }
    if (endedAt != null) {
      node.put("ended_at", endedAt);
    }
    node.put("tenant", "acme");
    if (attribution != null) {
      ObjectNode error = node.putObject("error");
      error.put("attribution", attribution);
      error.put("type", "boom");
      error.put("message", "it broke");
    }
    return node.toString();
  }

  static RawRun raw(String json) {
    return new RawRun(json, SHARD);
  }

  /** Normalizes a record that must be valid. */
  static WorkflowRun run(String json) {
    return RunNormalizer.normalize(raw(json)).run();
  }

  static WorkflowRun run(
      String id,
      @Nullable String type,
      String state,
      String createdAt,
      @Nullable String endedAt,
      @Nullable String attribution) {
    return run(json(id, type, state, createdAt, endedAt, attribution));
  }

  /** A terminal run of {@code type} lasting {@code durationMs}, starting on {@code day}. */
  static WorkflowRun finished(String id, String type, String state, String day, long durationMs) {
    long start = java.time.Instant.parse(day + "T01:00:00Z").toEpochMilli();
    return run(
        id,
        type,
        state,
        java.time.Instant.ofEpochMilli(start).toString(),
        java.time.Instant.ofEpochMilli(start + durationMs).toString(),
        null);
  }
}
