package com.amperityworkflowruns.transforms;

import com.amperityworkflowruns.model.RawRun;
import com.amperityworkflowruns.model.Reject;
import com.amperityworkflowruns.model.RunState;
import com.amperityworkflowruns.model.WorkflowRun;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Turns one raw API record into a {@link WorkflowRun} or a {@link Reject}; pure and total.
 *
 * <p>Reject reasons, checked in this order: {@code "not a JSON object"}, {@code "missing id"},
 * {@code "missing created_at"}, {@code "unparseable created_at: '<value>'"}, {@code "unparseable
 * ended_at: '<value>'"}, {@code "ended_at before created_at"}. Fields the API adds later are
 * ignored; string fields holding another JSON scalar keep its text, and holding an array or object
 * keep its compact JSON.
 */
final class RunNormalizer {
  static final String NOT_AN_OBJECT = "not a JSON object";
  static final String MISSING_ID = "missing id";
  static final String MISSING_CREATED_AT = "missing created_at";
  static final String UNPARSEABLE_CREATED_AT = "unparseable created_at: ";
  static final String UNPARSEABLE_ENDED_AT = "unparseable ended_at: ";
  static final String ENDED_BEFORE_CREATED = "ended_at before created_at";
  static final String INTERNAL_ERROR = "normalization failed: ";

  /** Thread-safe and shared: building a reader per record would dominate the cost. */
  private static final ObjectReader READER =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)
          .reader();

  private RunNormalizer() {}

  /** Normalizes {@code raw}; never throws, whatever its text. */
  static Normalized normalize(RawRun raw) {
    String json = raw.json == null ? "" : raw.json;
    try {
      return normalize(json);
    } catch (RuntimeException | StackOverflowError e) {
      // A safety net, not a code path: every known bad input is rejected with a specific reason.
      return Normalized.rejected(
          new Reject(null, INTERNAL_ERROR + e.getClass().getSimpleName(), json, Reject.UNDATED));
    }
  }

  private static Normalized normalize(String json) {
    JsonNode root = parse(json);
    if (root == null || !root.isObject()) {
      return Normalized.rejected(new Reject(null, NOT_AN_OBJECT, json, Reject.UNDATED));
    }
    JsonNode idNode = root.get("id");
    String id = idNode != null && idNode.isTextual() && !idNode.asText().isBlank()
        ? idNode.asText() : null;

    JsonNode createdNode = present(root.get("created_at"));
    Long createdAt = createdNode == null ? null : Timestamps.parseMicros(text(createdNode));
    String fileDate = createdAt == null ? Reject.UNDATED : Timestamps.utcDate(createdAt);

    if (id == null) {
      return Normalized.rejected(new Reject(null, MISSING_ID, json, fileDate));
    }
    if (createdNode == null) {
      return Normalized.rejected(new Reject(id, MISSING_CREATED_AT, json, fileDate));
    }
    if (createdAt == null) {
      return Normalized.rejected(
          new Reject(id, UNPARSEABLE_CREATED_AT + quoted(createdNode), json, fileDate));
    }
    JsonNode endedNode = present(root.get("ended_at"));
    Long endedAt = endedNode == null ? null : Timestamps.parseMicros(text(endedNode));
    if (endedNode != null && endedAt == null) {
      return Normalized.rejected(
          new Reject(id, UNPARSEABLE_ENDED_AT + quoted(endedNode), json, fileDate));
    }
    if (endedAt != null && endedAt < createdAt) {
      return Normalized.rejected(new Reject(id, ENDED_BEFORE_CREATED, json, fileDate));
    }
    return Normalized.of(toRun(root, id, createdAt, endedAt, fileDate, json));
  }

  private static WorkflowRun toRun(
      JsonNode root, String id, long createdAt, @Nullable Long endedAt, String date, String json) {
    String stateRaw = string(root.get("state"));
    RunState state = RunState.parse(stateRaw);
    Long durationMs =
        state.isTerminal() && endedAt != null ? Math.subtractExact(endedAt, createdAt) / 1000L : null;
    JsonNode error = present(root.get("error"));
    String attribution = null;
    String errorType = null;
    String message = null;
    String data = null;
    if (error != null && error.isObject()) {
      attribution = string(error.get("attribution"));
      errorType = string(error.get("type"));
      message = string(error.get("message"));
      JsonNode dataNode = present(error.get("data"));
      data = dataNode == null ? null : dataNode.toString();
    } else if (error != null) {
      message = text(error);
    }
    return new WorkflowRun(
        id,
        string(root.get("tenant")),
        string(root.get("name")),
        string(root.get("type")),
        state.name(),
        stateRaw,
        state.isTerminal(),
        createdAt,
        endedAt,
        durationMs,
        date,
        string(root.get("principal_id")),
        string(root.get("principal_name")),
        string(root.get("principal_email")),
        attribution,
        errorType,
        message,
        data,
        json);
  }

  private static @Nullable JsonNode parse(String json) {
    try {
      return READER.readTree(json);
    } catch (java.io.IOException e) {
      // JsonProcessingException and Jackson's stream-constraint violations (e.g. nesting depth).
      return null;
    }
  }

  /** The node, or null when it is absent or JSON null. */
  private static @Nullable JsonNode present(@Nullable JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode() ? null : node;
  }

  private static @Nullable String string(@Nullable JsonNode node) {
    JsonNode value = present(node);
    return value == null ? null : text(value);
  }

  /** A scalar's text, or a container's compact JSON. */
  private static String text(JsonNode node) {
    return node.isContainerNode() ? node.toString() : node.asText();
  }

  private static String quoted(JsonNode node) {
    return "'" + text(node) + "'";
  }
}
