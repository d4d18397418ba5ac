package com.amperityworkflowruns.io;

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

  private ShardRangeFilter() {}

  /** The runs of {@code runs} that belong to {@code shard}; counts the others in {@code outside}. */
  static List<String> keep(List<String> runs, Cursor shard, Counter outside) {
    List<String> kept = null;
    for (int i = 0; i < runs.size(); i++) {
      Long created = createdAtMicros(runs.get(i));
      boolean inside = created == null
          || (created >= shard.fromMicros && created < shard.toMicros);
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

  /** The top-level {@code created_at} of a run's JSON in epoch micros, or null if unparseable. */
  static @Nullable Long createdAtMicros(String json) {
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
