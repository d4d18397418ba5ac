package com.amperityworkflowruns.io;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Parsing and formatting of the API's UTC timestamps, in epoch microseconds. */
public final class TimeRanges {
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private TimeRanges() {}

  /**
   * Parses ISO 8601: a date ({@code 2024-01-01}, midnight UTC), or a date-time with {@code Z} or an
   * offset, with or without fractional seconds.
   *
   * @throws IllegalArgumentException naming the value when it does not parse
   */
  public static Instant parse(String value) {
    String v = value.trim();
    try {
      if (v.length() == 10) {
        return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + value + "' is not an ISO 8601 date or UTC timestamp (e.g. 2024-01-01 or"
              + " 2024-01-01T00:00:00Z)",
          e);
    }
  }

  /** Epoch microseconds of an instant (the API's precision is milliseconds). */
  public static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  /** The instant of epoch microseconds. */
  public static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }

  /** Formats epoch microseconds as the API's {@code 2024-02-10T17:29:22.454Z}. */
  public static String format(long micros) {
    return MILLIS.format(instant(micros));
  }

  /** The UTC date (YYYY-MM-DD) of epoch microseconds. */
  public static String date(long micros) {
    return LocalDate.ofInstant(instant(micros), ZoneOffset.UTC).toString();
  }
}
