package com.amperityworkflowruns.model;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Parsing and formatting of the API's UTC timestamps, in epoch microseconds. */
public final class TimeRanges {
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private TimeRanges() {}

  /**
   * Parses ISO 8601 as the API writes it: a date ({@code 2024-01-01}, midnight UTC), or a
   * date-time with {@code Z} or an offset, with or without fractional seconds; a date-time without
   * a zone is read as UTC (the API documents all its timestamps as UTC).
   *
   * @throws IllegalArgumentException naming the value when it does not parse
   */
  public static Instant parse(String value) {
    try {
      return parseStrict(value.trim());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "'" + value + "' is not an ISO 8601 date or UTC timestamp (e.g. 2024-01-01 or"
              + " 2024-01-01T00:00:00Z)",
          e);
    }
  }

  /** Epoch microseconds of {@code text}, or null when it does not parse or is out of range. */
  public static @Nullable Long parseMicrosOrNull(String text) {
    try {
      Instant instant = parseStrict(text.trim());
      return Math.addExact(
          Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000L);
    } catch (DateTimeException | ArithmeticException e) {
      return null;
    }
  }

  private static Instant parseStrict(String text) {
    if (text.length() == 10) {
      return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE)
          .atStartOfDay()
          .toInstant(ZoneOffset.UTC);
    }
    if (hasZone(text)) {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }
    return LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
  }

  /** True when the text ends in {@code Z} or carries a {@code +hh:mm}/{@code -hh:mm} offset. */
  private static boolean hasZone(String text) {
    int t = text.indexOf('T');
    if (t < 0) {
      return false;
    }
    char last = text.charAt(text.length() - 1);
    return last == 'Z' || last == 'z' || text.indexOf('+', t) >= 0 || text.indexOf('-', t) >= 0;
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
    return LocalDate.ofEpochDay(Math.floorDiv(micros, 86_400_000_000L)).toString();
  }
}
