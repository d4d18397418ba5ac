package com.amperityworkflowruns.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Which days a report covers, which it compares, and how it groups them. */
class ReportPeriodTest {
  private static LocalDate d(String s) {
    return LocalDate.parse(s);
  }

  private static TreeSet<LocalDate> published(String first, String last) {
    TreeSet<LocalDate> days = new TreeSet<>();
    for (LocalDate x = d(first); !x.isAfter(d(last)); x = x.plusDays(1)) {
      days.add(x);
    }
    return days;
  }

  @Test
  void givenNoRange_coversEveryPublishedDayAndHeadlinesTheLastThirtyAgainstThirtyBefore() {
    ReportPeriod p = ReportPeriod.of(null, null, published("2024-01-01", "2024-03-31"));

    assertThat(p.from).isEqualTo(d("2024-01-01"));
    assertThat(p.to).isEqualTo(d("2024-04-01"));
    assertThat(p.headlineFrom).isEqualTo(d("2024-03-02"));
    assertThat(p.previousFrom).isEqualTo(d("2024-02-01"));
    assertThat(p.readFrom()).isEqualTo(d("2024-01-01"));
  }

  @Test
  void givenShortHistoryAndNoRange_headlineIsAllOfItAgainstTheSameLengthBefore() {
    ReportPeriod p = ReportPeriod.of(null, null, published("2024-01-01", "2024-01-14"));

    assertThat(p.headlineFrom).isEqualTo(d("2024-01-01"));
    assertThat(p.previousFrom).isEqualTo(d("2023-12-18"));
    assertThat(p.readFrom()).isEqualTo(d("2023-12-18"));
  }

  @Test
  void givenRange_headlineIsTheRangeAndComparisonIsTheSameLengthBefore() {
    ReportPeriod p =
        ReportPeriod.of(d("2024-02-01"), d("2024-03-01"), published("2024-01-01", "2024-03-31"));

    assertThat(p.headlineFrom).isEqualTo(d("2024-02-01"));
    assertThat(p.previousFrom).isEqualTo(d("2024-01-03"));
    assertThat(p.inPrevious(d("2024-01-31"))).isTrue();
    assertThat(p.inHeadline(d("2024-03-01"))).isFalse();
  }

  @Test
  void givenUpToThirtyOneDays_trendsAreDaily() {
    ReportPeriod p = ReportPeriod.of(d("2024-01-01"), d("2024-02-01"), new TreeSet<>());

    assertThat(p.trend.weekly).isFalse();
    assertThat(p.trend.size()).isEqualTo(31);
    assertThat(p.trend.indexOf(d("2024-01-31"))).isEqualTo(30);
  }

  @Test
  void givenLongerSpan_trendsAreWeeksFromMondayWithPartialEnds() {
    // 2024-01-03 is a Wednesday: the first week is 3-7 January, then weeks from Monday 8th
    ReportPeriod p = ReportPeriod.of(d("2024-01-03"), d("2024-03-01"), new TreeSet<>());

    assertThat(p.trend.weekly).isTrue();
    assertThat(p.volume.weekly).isFalse();
    assertThat(p.trend.starts().subList(0, 3))
        .containsExactly(d("2024-01-03"), d("2024-01-08"), d("2024-01-15"));
    assertThat(p.trend.indexOf(d("2024-01-07"))).isZero();
    assertThat(p.trend.indexOf(d("2024-01-08"))).isEqualTo(1);
    assertThat(p.trend.indexOf(d("2024-02-29"))).isEqualTo(p.trend.size() - 1);
    assertThat(p.trend.indexOf(d("2024-03-01"))).isEqualTo(-1);
  }

  @Test
  void givenMoreThanNinetyTwoDays_volumesAreWeeklyToo() {
    ReportPeriod p = ReportPeriod.of(d("2024-01-01"), d("2024-04-03"), new TreeSet<>());

    assertThat(p.volume.weekly).isTrue();
  }

  @Test
  void givenNothingPublishedAndNoRange_thereIsNoPeriod() {
    assertThat(ReportPeriod.of(null, null, new TreeSet<>())).isNull();
  }

  @Test
  void givenReversedRange_refusedNamingBothDays() {
    assertThatThrownBy(() -> ReportPeriod.of(d("2024-02-01"), d("2024-02-01"), new TreeSet<>()))
        .hasMessageContaining("--from must be before --to");
  }
}
