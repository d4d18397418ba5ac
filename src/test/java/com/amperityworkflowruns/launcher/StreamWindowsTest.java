package com.amperityworkflowruns.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.sink.ClosedWindow;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which windows a resumed stream into BigQuery empties (only those without a marker), and which
 * windows a stream with --stopAt ended without recording (the launcher then exits 1).
 */
class StreamWindowsTest {
  private static final long H = 3_600_000L;

  private static List<String> ranges(List<Instant[]> ranges) {
    return ranges.stream().map(Arrays::toString).toList();
  }

  private static ClosedWindow marker(long start) {
    return new ClosedWindow(start, start + H, 0, H, 1, 0, 0, 1, 0);
  }

  @Test
  void unrecordedRanges_withAStopAt_areTheGapsOnly_recordedWindowsStayOut() {
    List<Instant[]> r = StreamBigQuerySteps.unrecordedRanges(0, 6 * H, H, Set.of(1 * H, 2 * H, 4 * H));

    assertThat(ranges(r)).containsExactly(
        "[1970-01-01T00:00:00Z, 1970-01-01T01:00:00Z]",
        "[1970-01-01T03:00:00Z, 1970-01-01T04:00:00Z]",
        "[1970-01-01T05:00:00Z, 1970-01-01T06:00:00Z]");
  }

  @Test
  void unrecordedRanges_withoutAStopAt_endWithAnOpenRangeAfterTheLastRecordedWindow() {
    List<Instant[]> r = StreamBigQuerySteps.unrecordedRanges(0, null, H, Set.of(1 * H, 2 * H));

    assertThat(ranges(r)).containsExactly(
        "[1970-01-01T00:00:00Z, 1970-01-01T01:00:00Z]",
        "[1970-01-01T03:00:00Z, null]");
  }

  @Test
  void unrecordedRanges_withNothingRecorded_isEverythingFromTheStart() {
    assertThat(ranges(StreamBigQuerySteps.unrecordedRanges(2 * H, null, H, Set.of())))
        .containsExactly("[1970-01-01T02:00:00Z, null]");
    assertThat(ranges(StreamBigQuerySteps.unrecordedRanges(2 * H, 4 * H, H, Set.of())))
        .containsExactly("[1970-01-01T02:00:00Z, 1970-01-01T04:00:00Z]");
  }

  @Test
  void missingWindows_namesTheWindowsWithoutAMarker() {
    String missing = StreamLauncher.missingWindows(
        List.of(marker(0), marker(2 * H), marker(9 * H)), 0, 4 * H, H);

    assertThat(missing).isEqualTo("2 window(s): 1970-01-01T01:00:00Z--1970-01-01T02:00:00Z,"
        + " 1970-01-01T03:00:00Z--1970-01-01T04:00:00Z");
  }

  @Test
  void missingWindows_isNullWhenEveryWindowIsRecorded() {
    assertThat(StreamLauncher.missingWindows(List.of(marker(0), marker(H)), 0, 2 * H, H))
        .isNull();
  }
}
