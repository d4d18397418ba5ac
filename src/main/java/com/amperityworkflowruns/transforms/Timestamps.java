package com.amperityworkflowruns.transforms;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Parses the API's ISO 8601 timestamps into epoch microseconds (UTC).
 *
 * <p>Accepted forms: {@code 2024-02-10T17:29:22.454Z}, with or without fractional seconds, with
 * {@code Z} or an offset such as {@code +02:00}; the date-only partial form {@code 2024-02-10}
 * (midnight UTC); and, because the API documents all its timestamps as UTC, a date-time without
 * any zone is read as UTC.
 */
final class Timestamps {
  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;
  private static final int DATE_ONLY_LENGTH = 10;

  private Timestamps() {}

  /** Epoch microseconds of {@code text}, or null when it is not one of the accepted forms. */
  static @Nullable Long parseMicros(String text) {
    try {
      return toMicros(parseInstant(text.trim()));
    } catch (DateTimeException | ArithmeticException e) {
      // Unparseable or out of the representable range: the caller turns null into a reject.
      return null;
    }
  }

  /** The UTC date ({@code YYYY-MM-DD}) of an epoch-microsecond instant. */
  static String utcDate(long micros) {
    return LocalDate.ofEpochDay(Math.floorDiv(micros, MICROS_PER_DAY)).toString();
  }

  private static Instant parseInstant(String text) {
    if (text.length() == DATE_ONLY_LENGTH) {
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
    return last == 'Z'
        || last == 'z'
        || text.indexOf('+', t) >= 0
        || text.indexOf('-', t) >= 0;
  }

  private static long toMicros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), MICROS_PER_SECOND), instant.getNano() / 1000L);
  }
}
