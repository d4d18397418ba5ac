package com.amperityworkflowruns.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The validated query parameters of one {@code GET /workflow/runs} request. */
final class RunsQuery {
  static final int DEFAULT_LIMIT = 100;

  /** Bounds in whole epoch milliseconds (inclusive from, exclusive to), or null when absent. */
  final Long createdFrom;
  final Long createdTo;
  final Long endedFrom;
  final Long endedTo;
  /** The state filter normalized by {@link #normalizeState}, or null. */
  final String state;
  final String type;
  final int limit;
  /** The raw {@code next_token}, or null when the parameter is absent. */
  final String nextToken;
  final boolean withTotal;

  private RunsQuery(Map<String, String> p, int maxPageSize, OverLimit overLimit) throws ApiError {
    createdFrom = instant(p, "created_from");
    createdTo = instant(p, "created_to");
    endedFrom = instant(p, "ended_from");
    endedTo = instant(p, "ended_to");
    state = p.containsKey("state") ? normalizeState(p.get("state")) : null;
    type = p.get("type");
    limit = limit(p.get("limit"), maxPageSize, overLimit);
    nextToken = p.get("next_token");
    withTotal = "true".equalsIgnoreCase(p.get("with_total"));
  }

  /** Parses a raw query string; throws a 400 naming the bad parameter. */
  static RunsQuery parse(Map<String, String> params, int maxPageSize) throws ApiError {
    return new RunsQuery(params, maxPageSize, OverLimit.REFUSE);
  }

  /** As {@link #parse(Map, int)}; a limit above the maximum is refused or capped per {@code over}. */
  static RunsQuery parse(Map<String, String> params, int maxPageSize, OverLimit over)
      throws ApiError {
    return new RunsQuery(params, maxPageSize, over);
  }

  /** Splits and decodes a raw query string; the first occurrence of a name wins. */
  static Map<String, String> params(String rawQuery) {
    Map<String, String> out = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.putIfAbsent(name, value);
    }
    return out;
  }

  /** Case-, space-, hyphen- and underscore-insensitive form of a state. */
  static String normalizeState(String state) {
    StringBuilder b = new StringBuilder(state.length());
    for (char c : state.toLowerCase(Locale.ROOT).toCharArray()) {
      if (c != ' ' && c != '-' && c != '_') {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** The filter this query selects, without the page position: next_tokens are bound to it. */
  String filterSignature() {
    return "cf=" + createdFrom + "|ct=" + createdTo + "|ef=" + endedFrom + "|et=" + endedTo
        + "|s=" + state + "|t=" + type;
  }

  boolean filtersBeyondCreated() {
    return endedFrom != null || endedTo != null || state != null || type != null;
  }

  private static Long instant(Map<String, String> p, String name) throws ApiError {
    String v = p.get(name);
    return v == null ? null : Timestamps.ceilMillis(Timestamps.parse(name, v));
  }

  private static int limit(String v, int max, OverLimit over) throws ApiError {
    if (v == null) {
      return DEFAULT_LIMIT;
    }
    String problem = "invalid limit: '" + v + "'; limit must be an integer between 1 and " + max;
    int limit;
    try {
      limit = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(problem);
    }
    if (limit > max && over == OverLimit.CAP) {
      return max;
    }
    if (limit < 1 || limit > max) {
      throw ApiError.badRequest(problem);
    }
    return limit;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
