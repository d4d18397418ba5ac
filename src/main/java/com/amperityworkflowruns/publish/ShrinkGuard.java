package com.amperityworkflowruns.publish;

import com.amperityworkflowruns.model.Days;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Refuses a publish that would lose runs: a day that holds runs and would get none, or would lose
 * more than {@link #MAX_LOSS_SHARE} of them. Runs are history (a run, once created, stays), so a
 * day that shrinks means the job saw less than the API served before: an API incident (answers
 * with empty {@code data}), a wrong tenant, or a filter. Small losses are let through, as the API
 * may delete runs (retention). Counts only: the price is reading metadata. Used by the Parquet
 * publish ({@link com.amperityworkflowruns.sink.GuardedPublish}) and the BigQuery publish alike, so
 * both refuse the same days
 * with the same line.
 */
public final class ShrinkGuard {
  /** The largest share of a day's runs a publish may remove without {@code --allowShrink}. */
  static final double MAX_LOSS_SHARE = 0.10;
  private static final int DAYS_NAMED = 10;

  private ShrinkGuard() {}

  /** One day that would shrink. */
  static final class Shrink {
    final LocalDate day;
    final long published;
    final long incoming;

    Shrink(LocalDate day, long published, long incoming) {
      this.day = day;
      this.published = published;
      this.incoming = incoming;
    }

    @Override
    public String toString() {
      return day + " " + published + " -> " + incoming;
    }
  }

  /**
   * Refuses (with {@link PublishRefusedException}, one line) a publish of {@code incoming} runs per
   * day over {@code [fromDay, toDay)} when a day of {@code published} would shrink beyond the
   * limit; does nothing when {@code allowShrink}.
   */
  public static void refuseShrinks(PublishedRowCounts published, Map<LocalDate, Long> incoming,
      LocalDate fromDay, LocalDate toDay, boolean allowShrink) throws IOException {
    refuseShrinks(published, incoming, Days.range(fromDay, toDay), null, allowShrink);
  }

  /**
   * Refuses a publish of {@code incoming} runs per day over {@code days} of tenant {@code tenant}
   * (named in the line; null for none) when one of {@code published}'s days would shrink beyond
   * the limit. {@code published} counts that tenant's runs only.
   */
  public static void refuseShrinks(PublishedRowCounts published, Map<LocalDate, Long> incoming,
      Days days, String tenant, boolean allowShrink) throws IOException {
    if (allowShrink) {
      return;
    }
    Map<LocalDate, Long> before = published.runsPerDay(days.first(), days.end());
    List<Shrink> shrinks = new ArrayList<>();
    for (Shrink s : check(before, incoming, days.first(), days.end())) {
      if (days.contains(s.day)) {
        shrinks.add(s);
      }
    }
    if (!shrinks.isEmpty()) {
      throw new PublishRefusedException(message(shrinks, tenant));
    }
  }

  /** The days of {@code [fromDay, toDay)} that would shrink beyond the limit, in order. */
  static List<Shrink> check(Map<LocalDate, Long> published, Map<LocalDate, Long> incoming,
      LocalDate fromDay, LocalDate toDay) {
    List<Shrink> out = new ArrayList<>();
    for (LocalDate d = fromDay; d.isBefore(toDay); d = d.plusDays(1)) {
      long before = published.getOrDefault(d, 0L);
      long after = incoming.getOrDefault(d, 0L);
      if (before > 0 && (after == 0 || before - after > MAX_LOSS_SHARE * before)) {
        out.add(new Shrink(d, before, after));
      }
    }
    return out;
  }

  /** The one line that refuses {@code shrinks}: the days, the counts and the way out. */
  static String message(List<Shrink> shrinks) {
    return message(shrinks, null);
  }

  /** {@link #message(List)} naming tenant {@code tenant}, whose days alone the job replaces. */
  static String message(List<Shrink> shrinks, String tenant) {
    long before = shrinks.stream().mapToLong(s -> s.published).sum();
    long after = shrinks.stream().mapToLong(s -> s.incoming).sum();
    StringBuilder days = new StringBuilder();
    for (int i = 0; i < Math.min(DAYS_NAMED, shrinks.size()); i++) {
      days.append(i == 0 ? "" : ", ").append(shrinks.get(i));
    }
    if (shrinks.size() > DAYS_NAMED) {
      days.append(", and ").append(shrinks.size() - DAYS_NAMED).append(" more");
    }
    String whose = tenant == null ? "" : "tenant " + tenant + ": ";
    String scope = tenant == null ? "" : " (it replaces tenant " + tenant
        + "'s days only; other tenants' rows are never changed)";
    return "publish refused: " + whose + shrinks.size() + " day(s) would lose runs (" + before
        + " -> " + after + " runs: " + days + "); the published output is unchanged. If the API"
        + " answered correctly for this tenant and you mean it, run again with --allowShrink"
        + scope + " (add --resume to reuse the pages already read)";
  }
}
