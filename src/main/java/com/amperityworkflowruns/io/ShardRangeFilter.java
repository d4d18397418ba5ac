package com.amperityworkflowruns.io;

import com.amperityworkflowruns.fetch.Cursor;
import com.amperityworkflowruns.model.TimeRanges;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Keeps the runs of a page whose {@code created_at} lies in the shard that requested them,
 * {@code [fromMicros, toMicros)}. The docs say the API reads {@code created_to} exclusively, but a
 * deployment that reads it inclusively, or at second precision, also serves runs of the next
 * shard (and, at the end of the range, of the day after it: scheduled workflows start at
 * midnight). Such a run belongs to another shard or job: it is counted ({@code
 * runs_outside_range}) and dropped, so adjacent shards never both emit it and no run lands on a
 * day the job does not replace. A run without a parseable {@code created_at} is kept: the
 * normalizer files it as a reject.
 */
final class ShardRangeFilter {
  private static final JsonFactory JSON = new JsonFactory();
  private static final String KEY = "\"created_at\"";

  private ShardRangeFilter() {}

  /** The runs of {@code runs} that belong to {@code shard}; counts the others in {@code outside}. */
  static List<String> keep(List<String> runs, Cursor shard, Counter outside) {
    // Bounds in the API's own format (millisecond-aligned): a created_at in that format compares
    // as text like the instants, so most runs are kept without parsing a timestamp.
    String from = TimeRanges.format(shard.fromMicros);
    String to = TimeRanges.format(shard.toMicros);
    List<String> kept = null;
    for (int i = 0; i < runs.size(); i++) {
      boolean inside = insideByText(runs.get(i), from, to) || inside(runs.get(i), shard);
      if (!inside && kept == null) {
        kept = new ArrayList<>(runs.subList(0, i));
      }
      if (inside && kept != null) {
        kept.add(runs.get(i));
      } else if (!inside) {
        outside.inc();
      }
    }
    return kept == null ? runs : kept;
  }

  /** Whether a run belongs to the shard, parsing its {@code created_at} (kept when unparseable). */
  private static boolean inside(String json, Cursor shard) {
    Long created = createdAtMicros(json);
    return created == null || (created >= shard.fromMicros && created < shard.toMicros);
  }

  /**
   * True when the run's {@code created_at} is written exactly as {@code 2024-02-10T17:29:22.454Z}
   * and lies in {@code [from, to)} compared as text (the same order as the instants); false means
   * "parse it" (another format, or outside).
   */
  private static boolean insideByText(String json, String from, String to) {
    String t = topLevelCreatedAtFast(json);
    return t != null && t.length() == 24 && t.charAt(4) == '-' && t.charAt(7) == '-'
        && t.charAt(10) == 'T' && t.charAt(13) == ':' && t.charAt(16) == ':'
        && t.charAt(19) == '.' && t.charAt(23) == 'Z'
        && t.compareTo(from) >= 0 && t.compareTo(to) < 0;
  }

  /** The top-level {@code created_at} of a run's JSON in epoch micros, or null if unparseable. */
  static @Nullable Long createdAtMicros(String json) {
    int last = json.length() - 1;
    while (last >= 0 && Character.isWhitespace(json.charAt(last))) {
      last--;
    }
    if (last < 0 || json.charAt(last) != '}') {
      return null; // not an object: the normalizer rejects it, so it is kept
    }
    String fast = topLevelCreatedAtFast(json);
    if (fast != null) {
      return TimeRanges.parseMicrosOrNull(fast);
    }
    return createdAtMicrosParsed(json);
  }

  /**
   * The common case without a parser (measured: a parser per run cost about half as much as the
   * whole normalization): the first {@code "created_at"} text, when the characters before it show
   * it is a key of the top-level object, followed by a plain string value. Anything else (a
   * nested or escaped occurrence, a non-string value, escapes in the value) returns null, and the
   * run goes through Jackson's parser.
   */
  static @Nullable String topLevelCreatedAtFast(String json) {
    int key = json.indexOf(KEY);
    if (key < 0) {
      return null;
    }
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < key; i++) {
      char c = json.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      }
    }
    if (inString || depth != 1) {
      return null;
    }
    int i = key + KEY.length();
    while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
      i++;
    }
    if (i >= json.length() || json.charAt(i) != ':') {
      return null; // the text was a value, not a key
    }
    i++;
    while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
      i++;
    }
    if (i >= json.length() || json.charAt(i) != '"') {
      return null;
    }
    int end = json.indexOf('"', i + 1);
    if (end < 0 || json.lastIndexOf('\\', end) > i) {
      return null;
    }
    return json.substring(i + 1, end);
  }

  private static @Nullable Long createdAtMicrosParsed(String json) {
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("created_at".equals(name)) {
          return value == JsonToken.VALUE_STRING ? TimeRanges.parseMicrosOrNull(p.getText()) : null;
        }
        p.skipChildren();
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }
}
