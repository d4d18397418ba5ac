package com.amperityworkflowruns.report;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.NavigableSet;

/**
 * The days a report covers and how it groups them.
 *
 * <ul>
 *   <li>The charts cover {@code [from, to)}: the range asked for, else every published day.
 *   <li>The headline figures cover that range when one was asked for; otherwise the last {@value
 *       #HEADLINE_DAYS} days of it (all of it when shorter), so that the job's own report, which
 *       covers all history, still compares this month with the last. Each is compared with the
 *       period of the same length just before it.
 *   <li>Rates and durations over time ({@link #trend}) are per day up to {@value
 *       #MAX_DAILY_TREND_DAYS} days, else per week: a day holds too few runs of a type for its
 *       failure rate to mean much over a longer span. Counts ({@link #volume}: runs by state,
 *       rejects) are per day up to {@value #MAX_DAILY_VOLUME_DAYS} days, else per week.
 * </ul>
 */
final class ReportPeriod {
  static final int HEADLINE_DAYS = 30;
  static final int MAX_DAILY_TREND_DAYS = 31;
  static final int MAX_DAILY_VOLUME_DAYS = 92;

  final LocalDate from;
  final LocalDate to;
  final LocalDate headlineFrom;
  final LocalDate previousFrom;
  final Buckets trend;
  final Buckets volume;

  private ReportPeriod(LocalDate from, LocalDate to, LocalDate headlineFrom) {
    this.from = from;
    this.to = to;
    this.headlineFrom = headlineFrom;
    this.previousFrom = headlineFrom.minusDays(ChronoUnit.DAYS.between(headlineFrom, to));
    this.trend = new Buckets(from, to, days() > MAX_DAILY_TREND_DAYS);
    this.volume = new Buckets(from, to, days() > MAX_DAILY_VOLUME_DAYS);
  }

  /**
   * The period for the range asked for ({@code from} inclusive, {@code to} exclusive; either may
   * be null) over the published days {@code published}; null when neither gives a day.
   */
  static ReportPeriod of(LocalDate from, LocalDate to, NavigableSet<LocalDate> published) {
    boolean asked = from != null || to != null;
    LocalDate start = from != null ? from : published.isEmpty() ? null : published.first();
    LocalDate end = to != null ? to : published.isEmpty() ? null : published.last().plusDays(1);
    if (start == null || end == null) {
      if (start == null && end == null) {
        return null;
      }
      // One bound asked for and nothing published: a one-day period at that bound.
      start = start != null ? start : end.minusDays(1);
      end = end != null ? end : start.plusDays(1);
    }
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException(
          "--from must be before --to (--to is exclusive), got " + start + " and " + end);
    }
    long days = ChronoUnit.DAYS.between(start, end);
    LocalDate headline = asked ? start : end.minusDays(Math.min(days, HEADLINE_DAYS));
    return new ReportPeriod(start, end, headline);
  }

  long days() {
    return ChronoUnit.DAYS.between(from, to);
  }

  /** The first day read: the earlier of the charts' start and the comparison period's start. */
  LocalDate readFrom() {
    return previousFrom.isBefore(from) ? previousFrom : from;
  }

  boolean inRange(LocalDate day) {
    return !day.isBefore(from) && day.isBefore(to);
  }

  boolean inHeadline(LocalDate day) {
    return !day.isBefore(headlineFrom) && day.isBefore(to);
  }

  boolean inPrevious(LocalDate day) {
    return !day.isBefore(previousFrom) && day.isBefore(headlineFrom);
  }
}
