package com.amperityworkflowruns.bigquery.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amperityworkflowruns.coders.VersionedCoder;
import com.amperityworkflowruns.testing.CoderFixtures;
import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

/**
 * The BigQuery stream's shuffled and state values keep their format across builds: a window's
 * totals, the barrier's two kinds of signal and its progress per window, as written by format 1
 * (the checked-in fixtures), decode field by field; each survives a round trip; a newer format is
 * refused with one line.
 */
class BarrierCodersTest {
  private static final long T0 = 1_709_251_200_000L; // 2024-03-01T00:00:00Z
  private static final long HOUR = 3_600_000L;

  static final WindowTotals TOTALS = new WindowTotals(T0, T0 + HOUR, 120, 7, 5, 3, 60);

  static WindowCommits.Progress releasedProgress() {
    WindowCommits.Progress p = new WindowCommits.Progress();
    p.expected = TOTALS;
    p.written[0] = 120;
    p.written[1] = 5;
    p.written[2] = 3;
    p.released = true;
    return p;
  }

  static WindowCommits.Progress openProgress() {
    WindowCommits.Progress p = new WindowCommits.Progress();
    p.written[0] = 2;
    return p;
  }

  /** Writes the fixtures of format 1 (run once, from the project's folder; kept ones stay). */
  public static void main(String[] args) throws IOException {
    CoderFixtures.write("window-totals-v1", BarrierCoders.TotalsCoder.of(), TOTALS);
    CoderFixtures.write("signal-v1-expected", BarrierCoders.SignalCoder.of(),
        WindowCommits.Signal.expected(TOTALS));
    CoderFixtures.write("signal-v1-written", BarrierCoders.SignalCoder.of(),
        WindowCommits.Signal.written(2));
    CoderFixtures.write("progress-v1-released", BarrierCoders.ProgressCoder.of(),
        releasedProgress());
    CoderFixtures.write("progress-v1-open", BarrierCoders.ProgressCoder.of(), openProgress());
  }

  /** Every field of {@code t} is that of {@link #TOTALS}, written out here as literals. */
  private static void assertTotals(WindowTotals t) {
    assertThat(t).usingRecursiveComparison()
        .isEqualTo(new WindowTotals(1_709_251_200_000L, 1_709_254_800_000L, 120, 7, 5, 3, 60));
  }

  @Test
  void format1Fixtures_decodeEveryField() throws IOException {
    WindowTotals totals = CoderFixtures.read("window-totals-v1", BarrierCoders.TotalsCoder.of());
    WindowCommits.Signal expected =
        CoderFixtures.read("signal-v1-expected", BarrierCoders.SignalCoder.of());
    WindowCommits.Signal written =
        CoderFixtures.read("signal-v1-written", BarrierCoders.SignalCoder.of());
    WindowCommits.Progress released =
        CoderFixtures.read("progress-v1-released", BarrierCoders.ProgressCoder.of());
    WindowCommits.Progress open =
        CoderFixtures.read("progress-v1-open", BarrierCoders.ProgressCoder.of());

    assertTotals(totals);
    assertTotals(expected.expected);
    assertThat(expected.table).isEqualTo(-1);
    assertThat(written.expected).isNull();
    assertThat(written.table).isEqualTo(2);
    assertTotals(released.expected);
    assertThat(released.written).containsExactly(120, 5, 3);
    assertThat(released.released).isTrue();
    assertThat(released.complete()).isTrue();
    assertThat(open.expected).isNull();
    assertThat(open.written).containsExactly(2, 0, 0);
    assertThat(open.released).isFalse();
  }

  @Test
  void everyField_survivesARoundTrip() throws Exception {
    assertThat(CoderUtils.clone(BarrierCoders.TotalsCoder.of(), TOTALS))
        .usingRecursiveComparison().isEqualTo(TOTALS);
    for (WindowCommits.Signal s :
        List.of(WindowCommits.Signal.expected(TOTALS), WindowCommits.Signal.written(1))) {
      assertThat(CoderUtils.clone(BarrierCoders.SignalCoder.of(), s))
          .usingRecursiveComparison().isEqualTo(s);
    }
    for (WindowCommits.Progress p : List.of(releasedProgress(), openProgress())) {
      assertThat(CoderUtils.clone(BarrierCoders.ProgressCoder.of(), p))
          .usingRecursiveComparison().isEqualTo(p);
    }
  }

  @Test
  void aNewerFormat_isRefusedNamingTheValue() throws IOException {
    for (VersionedCoder<?> coder : List.of(BarrierCoders.TotalsCoder.of(),
        BarrierCoders.SignalCoder.of(), BarrierCoders.ProgressCoder.of())) {
      byte[] newer = CoderFixtures.formatOnly(coder.format() + 1);

      assertThatThrownBy(() -> CoderUtils.decodeFromByteArray(coder, newer))
          .isInstanceOf(CoderException.class)
          .hasMessageContaining("a BigQuery stream window's")
          .hasMessageContaining("format " + (coder.format() + 1))
          .hasMessageContaining("newer version");
    }
  }
}
