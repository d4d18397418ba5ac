package com.amperityworkflowruns.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The progress line after the read: each phase's figures, the phase in progress, its estimate. */
class PhaseProgressTest {
  /** Counters of a job that read 10,000 runs on 8 shards in 100 requests. */
  private static Map<String, Long> readDone() {
    Map<String, Long> c = new HashMap<>();
    c.put("shards_done", 8L);
    c.put("runs_read", 10_000L);
    c.put("requests", 100L);
    c.put("pages", 100L);
    return c;
  }

  private static String line(ProgressReporter reporter, Map<String, Long> counters, double s) {
    return reporter.line(JobMetrics.of(counters), s);
  }

  @Test
  void givenShardsLeft_whenReported_thenTheLineIsTheReadsProgress() {
    // Arrange
    ProgressReporter reporter = new ProgressReporter(null, System.out, 8, 14, 5);
    Map<String, Long> c = readDone();
    c.put("shards_done", 5L);

    // Act
    String line = line(reporter, c, 10);

    // Assert
    assertThat(line).startsWith("progress: shards 5/8 done, 10,000 runs");
  }

  @Test
  void givenTheReadDoneAndNormalizing_whenReportedTwice_thenNamesThePhaseWithAnEstimateFromItsRate() {
    // Arrange
    ProgressReporter reporter = new ProgressReporter(null, System.out, 8, 14, 5);
    Map<String, Long> c = readDone();
    c.put("runs_normalized", 2_000L);

    // Act
    String first = line(reporter, c, 10);
    c.put("runs_normalized", 4_000L);
    String second = line(reporter, c, 15);

    // Assert: 2,000 runs in 5 s, 6,000 left: 15 s
    assertThat(first).isEqualTo("progress: read done (10,000 runs, 100 requests); normalized"
        + " 2,000/10,000, deduplicated 0/2,000, rows written 0/0, table files 0, days published"
        + " 0/14; normalizing");
    assertThat(second).endsWith("normalized 4,000/10,000, deduplicated 0/4,000, rows written 0/0,"
        + " table files 0, days published 0/14; normalizing, ETA 0:15");
  }

  @Test
  void givenEachPhaseComplete_whenReported_thenTheNextPhaseIsNamed() {
    ProgressReporter reporter = new ProgressReporter(null, System.out, 8, 14, 5);
    Map<String, Long> c = readDone();
    c.put("runs_normalized", 9_990L);
    c.put("rejects", 10L);
    assertThat(line(reporter, c, 1)).endsWith("; deduplicating");

    c.put("runs_deduplicated", 9_900L);
    c.put("duplicates_removed", 90L);
    assertThat(line(reporter, c, 2)).endsWith("; writing table files");

    c.put("run_rows_written", 9_900L);
    c.put("table_files_written", 42L);
    assertThat(line(reporter, c, 3)).endsWith("table files 42, days published 0/14; publishing");

    c.put("days_published", 14L);
    assertThat(line(reporter, c, 4)).endsWith("days published 14/14; finishing");
  }

  @Test
  void givenAFinishedJob_whenSummarized_thenOneLineOfEveryPhasesFigures() {
    Map<String, Long> c = readDone();
    c.put("runs_normalized", 9_990L);
    c.put("rejects", 10L);
    c.put("runs_deduplicated", 9_900L);
    c.put("run_rows_written", 9_900L);
    c.put("table_files_written", 42L);
    c.put("days_published", 14L);

    assertThat(PhaseProgress.summary(JobMetrics.of(c))).isEqualTo("after the read: 9,990 runs"
        + " normalized (10 rejects), 9,900 kept by deduplication, 9,900 rows in 42 table files,"
        + " 14 days published");
  }
}
