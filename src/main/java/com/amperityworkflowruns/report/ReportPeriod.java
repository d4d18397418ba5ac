package com.amperityworkflowruns.report;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
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
 *   <li>Charts over time use days up to {@value #MAX_DAILY_DAYS} days, else weeks starting on
 *       Monday (the first and last week may be partial).
 * </ul>
 */
final class ReportPeriod {
  static final int HEADLINE_DAYS = 30;
  static final int MAX_DAILY_DAYS = 92;

  final LocalDate from;
  final LocalDate to;
  final LocalDate headlineFrom;
  final LocalDate previousFrom;
  final boolean weekly;
  private final List<LocalDate> bucketStarts;

  private ReportPeriod(LocalDate from, LocalDate to, LocalDate headlineFrom) {
    this.from = from;
    this.to = to;
    this.headlineFrom = headlineFrom;
    this.previousFrom = headlineFrom.minusDays(ChronoUnit.DAYS.between(headlineFrom, to));
    this.weekly = days() > MAX_DAILY_DAYS;
    this.bucketStarts = new ArrayList<>();
    for (LocalDate d = from; d.isBefore(to); d = weekly ? nextMonday(d) : d.plusDays(1)) {
      bucketStarts.add(d);
    }
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

  /** The first day of each bucket of the charts over time. */
  List<LocalDate> buckets() {
    return bucketStarts;
  }

  /** The bucket of {@code day}, or -1 outside {@code [from, to)}. */
  int bucketOf(LocalDate day) {
    if (day.isBefore(from) || !day.isBefore(to)) {
      return -1;
    }
    if (!weekly) {
      return (int) ChronoUnit.DAYS.between(from, day);
    }
    LocalDate firstMonday = nextMonday(from);
    return day.isBefore(firstMonday) ? 0 : 1 + (int) (ChronoUnit.DAYS.between(firstMonday, day) / 7);
  }

  boolean inHeadline(LocalDate day) {
    return !day.isBefore(headlineFrom) && day.isBefore(to);
  }

  boolean inPrevious(LocalDate day) {
    return !day.isBefore(previousFrom) && day.isBefore(headlineFrom);
  }

  private static LocalDate nextMonday(LocalDate d) {
    return d.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
  }
}
