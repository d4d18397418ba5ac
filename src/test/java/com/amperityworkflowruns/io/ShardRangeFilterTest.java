package com.amperityworkflowruns.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.fetch.Cursor;
import com.amperityworkflowruns.model.TimeRanges;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricName;
import org.junit.jupiter.api.Test;

class ShardRangeFilterTest {
  /** Counts in a field instead of a Beam container. */
  private static final class CountingCounter implements Counter {
    long n;

    @Override
    public void inc() {
      n++;
    }

    @Override
    public void inc(long k) {
      n += k;
    }

    @Override
    public void dec() {
      n--;
    }

    @Override
    public void dec(long k) {
      n -= k;
    }

    @Override
    public MetricName getName() {
      return MetricName.named("test", "runs_outside_range");
    }
  }

  private static final Cursor JAN_2 = Cursor.start(
      TimeRanges.micros(Instant.parse("2024-01-02T00:00:00Z")),
      TimeRanges.micros(Instant.parse("2024-01-03T00:00:00Z")));

  private static String run(String id, String createdAt) {
    return "{\"id\":\"" + id + "\",\"state\":{\"x\":[1]},\"created_at\":" + createdAt + "}";
  }

  @Test
  void givenRunsAroundTheShard_keepsThoseInsideAndUndatedCountsTheOthers() {
    // Arrange
    List<String> page = List.of(
        run("next-midnight", "\"2024-01-03T00:00:00.400Z\""),
        run("last-ms", "\"2024-01-02T23:59:59.999Z\""),
        run("first", "\"2024-01-02T00:00:00Z\""),
        run("before", "\"2024-01-01T23:59:59.999Z\""),
        run("offset-inside", "\"2024-01-03T00:30:00+01:00\""),
        run("bad", "\"not-a-date\""),
        run("number", "42"));
    CountingCounter outside = new CountingCounter();

    // Act
    List<String> kept = ShardRangeFilter.keep(page, JAN_2, outside);

    // Assert
    assertThat(kept).containsExactly(page.get(1), page.get(2), page.get(4), page.get(5),
        page.get(6));
    assertThat(outside.n).isEqualTo(2);
  }

  @Test
  void givenAllInside_returnsThePageItself() {
    List<String> page = List.of(run("a", "\"2024-01-02T12:00:00Z\""));

    assertThat(ShardRangeFilter.keep(page, JAN_2, new CountingCounter())).isSameAs(page);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {
      "{\"id\":\"a\",\"created_at\":\"2024-01-02T10:00:00Z\"}",
      "{ \"created_at\" : \"2024-01-02T10:00:00.5Z\" , \"id\":\"a\"}",
      "{\"error\":{\"created_at\":\"2023-01-01T00:00:00Z\"},\"created_at\":\"2024-01-02T10:00:00Z\"}",
      "{\"data\":[{\"created_at\":\"2023-01-01\"}],\"created_at\":\"2024-01-02T11:00:00Z\"}",
      "{\"msg\":\"a \\\"created_at\\\": 1\",\"created_at\":\"2024-01-02T12:00:00Z\"}",
      "{\"name\":\"created_at\",\"created_at\":\"2024-01-02T13:00:00Z\"}",
      "{\"created_at\":\"2024-01-02T14:00:00\\u005a\"}",
      "{\"error\":{\"created_at\":\"2023-01-01T00:00:00Z\"}}",
      "{\"created_at\":null}",
      "{\"created_at\":20240102}",
      "[{\"created_at\":\"2024-01-02T10:00:00Z\"}]",
      "{\"created_at\":\"2024-01-02T10:00:00Z\""})
  void givenAnyJson_createdAtIsTheTopLevelStringValueAsJacksonReadsIt(String json) {
    // Arrange: what a JSON tree says the top-level created_at is
    Long expected;
    try {
      com.fasterxml.jackson.databind.JsonNode root =
          new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
      com.fasterxml.jackson.databind.JsonNode v = root == null || !root.isObject()
          ? null : root.get("created_at");
      expected = v != null && v.isTextual() ? TimeRanges.parseMicrosOrNull(v.asText()) : null;
    } catch (java.io.IOException e) {
      expected = null;
    }

    // Act
    Long actual = ShardRangeFilter.createdAtMicros(json);

    // Assert
    assertThat(actual).isEqualTo(expected);
  }
}
