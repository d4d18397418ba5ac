package com.amperityworkflowruns.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Parses the ISO 8601 forms the API accepts in query parameters, partial forms included. */
final class Timestamps {
  private Timestamps() {}

  /**
   * Parses {@code 2024-01-01}, {@code 2024-01-01T10:00}, {@code 2024-01-01T10:00:00.123Z} or
   * {@code 2024-01-01T10:00:00+02:00}; a value without an offset is UTC.
   */
  static Instant parse(String name, String value) throws ApiError {
    if (value == null || value.isEmpty()) {
      throw ApiError.badRequest(name + " must not be empty");
    }
    // An unencoded '+' in a query string decodes to a space: read it back as an offset sign.
    String v = value.replace(' ', '+');
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException notOffset) {
      // try the next form
    }
    try {
      return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException notLocal) {
      // try the next form
    }
    try {
      return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException notDate) {
      throw ApiError.badRequest("invalid " + name + ": '" + value
          + "' is not an ISO 8601 timestamp (e.g. 2024-01-01 or 2024-01-01T00:00:00Z)");
    }
  }

  /** The smallest whole epoch millisecond not before {@code t}, so that millis comparisons stay exact. */
  static long ceilMillis(Instant t) {
    long millis = t.getEpochSecond() * 1000L + t.getNano() / 1_000_000;
    return t.getNano() % 1_000_000 == 0 ? millis : millis + 1;
  }
}
