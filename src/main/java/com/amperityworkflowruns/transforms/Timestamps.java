package com.amperityworkflowruns.transforms;

import com.amperityworkflowruns.model.TimeRanges;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The normalizer's view of {@link TimeRanges}: the API's ISO 8601 timestamps as epoch
 * microseconds (UTC), null instead of an exception for a value that does not parse.
 *
 * <p>Accepted forms: {@code 2024-02-10T17:29:22.454Z}, with or without fractional seconds, with
 * {@code Z} or an offset such as {@code +02:00}; the date-only partial form {@code 2024-02-10}
 * (midnight UTC); and, because the API documents all its timestamps as UTC, a date-time without
 * any zone is read as UTC.
 */
final class Timestamps {
  private Timestamps() {}

  /** Epoch microseconds of {@code text}, or null when it is not one of the accepted forms. */
  static @Nullable Long parseMicros(String text) {
    return TimeRanges.parseMicrosOrNull(text);
  }

  /** The UTC date ({@code YYYY-MM-DD}) of an epoch-microsecond instant. */
  static String utcDate(long micros) {
    return TimeRanges.date(micros);
  }
}
