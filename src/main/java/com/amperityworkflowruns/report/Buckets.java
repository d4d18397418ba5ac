package com.amperityworkflowruns.report;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * The days {@code [from, to)} cut into days or into weeks starting on Monday (the first and the
 * last week may be partial), for the charts over time.
 */
final class Buckets {
  final LocalDate from;
  final LocalDate to;
  final boolean weekly;
  private final List<LocalDate> starts = new ArrayList<>();

  Buckets(LocalDate from, LocalDate to, boolean weekly) {
    this.from = from;
    this.to = to;
    this.weekly = weekly;
    for (LocalDate d = from; d.isBefore(to); d = weekly ? nextMonday(d) : d.plusDays(1)) {
      starts.add(d);
    }
  }

  /** The first day of each bucket. */
  List<LocalDate> starts() {
    return starts;
  }

  int size() {
    return starts.size();
  }

  /** The bucket of {@code day}, or -1 outside {@code [from, to)}. */
  int indexOf(LocalDate day) {
    if (day.isBefore(from) || !day.isBefore(to)) {
      return -1;
    }
    if (!weekly) {
      return (int) ChronoUnit.DAYS.between(from, day);
    }
    LocalDate firstMonday = nextMonday(from);
    return day.isBefore(firstMonday)
        ? 0
        : 1 + (int) (ChronoUnit.DAYS.between(firstMonday, day) / 7);
  }

  String unit() {
    return weekly ? "week" : "day";
  }

  private static LocalDate nextMonday(LocalDate d) {
    return d.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
  }
}
