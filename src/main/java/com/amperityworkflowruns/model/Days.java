package com.amperityworkflowruns.model;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * The UTC days a job replaces: its range {@code [fromDay, toDay)} plus, for a job that refreshes
 * runs that ended after they were last read, single days before or after it. Immutable, sorted.
 */
public final class Days implements Serializable, Iterable<LocalDate> {
  private static final long serialVersionUID = 1L;

  private final LocalDate rangeFrom;
  private final LocalDate rangeTo;
  private final TreeSet<LocalDate> extra;

  private Days(LocalDate rangeFrom, LocalDate rangeTo, TreeSet<LocalDate> extra) {
    this.rangeFrom = rangeFrom;
    this.rangeTo = rangeTo;
    this.extra = extra;
  }

  /** The days {@code [fromDay, toDay)}. */
  public static Days range(LocalDate fromDay, LocalDate toDay) {
    if (fromDay == null || toDay == null || toDay.isBefore(fromDay)) {
      throw new IllegalArgumentException(
          "days need fromDay <= toDay, got [" + fromDay + ", " + toDay + ")");
    }
    return new Days(fromDay, toDay, new TreeSet<>());
  }

  /** These days and {@code more} (days already in the range are ignored). */
  public Days plus(Collection<LocalDate> more) {
    TreeSet<LocalDate> all = new TreeSet<>(extra);
    for (LocalDate d : more) {
      if (!inRange(d)) {
        all.add(d);
      }
    }
    return new Days(rangeFrom, rangeTo, all);
  }

  /** The range's first day (inclusive). */
  public LocalDate rangeFrom() {
    return rangeFrom;
  }

  /** The range's end (exclusive). */
  public LocalDate rangeTo() {
    return rangeTo;
  }

  /** The days outside the range, sorted. */
  public List<LocalDate> extra() {
    return Collections.unmodifiableList(new ArrayList<>(extra));
  }

  /** The first day of all (the range's, or an earlier extra day). */
  public LocalDate first() {
    return extra.isEmpty() || !extra.first().isBefore(rangeFrom) ? rangeFrom : extra.first();
  }

  /** The day after the last day of all (exclusive). */
  public LocalDate end() {
    return extra.isEmpty() || extra.last().isBefore(rangeTo) ? rangeTo : extra.last().plusDays(1);
  }

  /** Whether {@code day} is one of these days. */
  public boolean contains(LocalDate day) {
    return day != null && (inRange(day) || extra.contains(day));
  }

  private boolean inRange(LocalDate day) {
    return !day.isBefore(rangeFrom) && day.isBefore(rangeTo);
  }

  /** How many days. */
  public int size() {
    return (int) (rangeTo.toEpochDay() - rangeFrom.toEpochDay()) + extra.size();
  }

  @Override
  public Iterator<LocalDate> iterator() {
    TreeSet<LocalDate> all = new TreeSet<>(extra);
    for (LocalDate d = rangeFrom; d.isBefore(rangeTo); d = d.plusDays(1)) {
      all.add(d);
    }
    return Collections.unmodifiableSet(all).iterator();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Days && rangeFrom.equals(((Days) o).rangeFrom)
        && rangeTo.equals(((Days) o).rangeTo) && extra.equals(((Days) o).extra);
  }

  @Override
  public int hashCode() {
    return rangeFrom.hashCode() * 31 + rangeTo.hashCode() + extra.hashCode();
  }

  /** E.g. {@code [2024-01-01, 2024-02-01) and 2023-12-03, 2023-12-09}. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("[" + rangeFrom + ", " + rangeTo + ")");
    if (!extra.isEmpty()) {
      s.append(" and ");
      int i = 0;
      for (LocalDate d : extra) {
        if (i == 5) {
          s.append(", and ").append(extra.size() - 5).append(" more");
          break;
        }
        s.append(i++ == 0 ? "" : ", ").append(d);
      }
    }
    return s.toString();
  }
}
