package com.amperityworkflowruns.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amperityworkflowruns.publish.OutputLayout;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamProgressTest {
  private static final long H = 3_600_000;

  @TempDir Path tmp;

  private static ClosedWindow window(long start, long jobStart) {
    return new ClosedWindow(start, start + H, jobStart, H, 3, 1, 0, 2, 1000);
  }

  @Test
  void noMarkers_meansNothingToResume() {
    assertThat(StreamProgress.resumePoint(List.of(), H)).isEmpty();
  }

  @Test
  void contiguousWindows_resumeAtTheEndOfTheLast() {
    List<ClosedWindow> w = List.of(window(0, 0), window(H, 0), window(2 * H, 0));

    assertThat(StreamProgress.resumePoint(w, H)).contains(Instant.ofEpochMilli(3 * H));
  }

  @Test
  void aMissingWindowOfTheLastJob_isWhereItResumes() {
    List<ClosedWindow> w = List.of(window(0, 0), window(2 * H, 0), window(3 * H, 0));

    assertThat(StreamProgress.resumePoint(w, H)).contains(Instant.ofEpochMilli(H));
  }

  @Test
  void aGapBeforeTheLastJobsStart_isNotAHole() {
    // an older job followed [0, 1h); the last one was started by hand at 5h
    List<ClosedWindow> w = List.of(window(0, 0), window(5 * H, 5 * H), window(6 * H, 5 * H));

    assertThat(StreamProgress.resumePoint(w, H)).contains(Instant.ofEpochMilli(7 * H));
  }

  @Test
  void anotherStatsWindow_isRefusedNamingTheOneToUse() {
    assertThatThrownBy(() -> StreamProgress.resumePoint(List.of(window(0, 0)), 2 * H))
        .hasMessageContaining("--statsWindow=PT1H");
  }

  @Test
  void recordedWindows_areReadBackInOrder() throws Exception {
    OutputLayout layout = OutputLayout.of(tmp.toString());
    StreamProgress.record(layout, window(H, 0));
    StreamProgress.record(layout, window(0, 0));
    StreamProgress.record(layout, window(0, 0));

    List<ClosedWindow> read = StreamProgress.closedWindows(layout);

    assertThat(read).extracting(w -> w.windowStart).containsExactly(0L, H);
    assertThat(read.get(0).runs).isEqualTo(3);
  }

  @Test
  void hourlyStatsSchema_isTheDailyOneWithEndedDateAndWindowBounds() {
    List<String> daily = new ArrayList<>();
    AvroSchemas.STATS.getFields().forEach(f -> daily.add(f.name()));
    List<String> hourly = new ArrayList<>();
    StreamSchemas.STATS_HOURLY.getFields().forEach(f -> hourly.add(f.name()));

    List<String> expected = new ArrayList<>(daily);
    expected.set(expected.indexOf("created_date"), "ended_date");
    expected.remove("tenant");
    expected.add("window_start");
    expected.add("window_end");
    expected.add("tenant");
    assertThat(hourly).isEqualTo(expected);
    assertThat(StreamSchemas.STATS_HOURLY.getField("window_start").schema().getLogicalType().getName())
        .isEqualTo("timestamp-micros");
    assertThat(StreamSchemas.FINISHED_RUNS.getType()).isEqualTo(Schema.Type.RECORD);
  }
}
