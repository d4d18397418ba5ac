package com.amperityworkflowruns.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amperityworkflowruns.testing.CoderFixtures;
import java.io.IOException;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

/**
 * The Parquet stream's window totals keep their format across builds: bytes of format 1 (the
 * checked-in fixture) decode field by field, a round trip keeps every field, and a newer format is
 * refused with one line.
 */
class CloseWindowsTotalsCoderTest {
  static final CloseWindows.Totals TOTALS = new CloseWindows.Totals(120, 7, 3, 60);

  /** Writes the fixture of format 1 (run once, from the project's folder; a kept one stays). */
  public static void main(String[] args) throws IOException {
    CoderFixtures.write("close-windows-totals-v1", CloseWindows.TotalsCoder.of(), TOTALS);
  }

  @Test
  void format1Fixture_decodesEveryField() throws IOException {
    CloseWindows.Totals t =
        CoderFixtures.read("close-windows-totals-v1", CloseWindows.TotalsCoder.of());

    assertThat(t).as("runs, failed, rejects, polls").isEqualTo(new CloseWindows.Totals(120, 7, 3, 60));
  }

  @Test
  void everyField_survivesARoundTrip() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(CloseWindows.TotalsCoder.of(), TOTALS);
    CoderProperties.coderDeterministic(CloseWindows.TotalsCoder.of(), TOTALS, TOTALS);
  }

  @Test
  void aNewerFormat_isRefusedNamingTheValue() throws IOException {
    byte[] newer = CoderFixtures.formatOnly(CloseWindows.TotalsCoder.of().format() + 1);

    assertThatThrownBy(() -> CoderUtils.decodeFromByteArray(CloseWindows.TotalsCoder.of(), newer))
        .isInstanceOf(CoderException.class)
        .hasMessageContaining("a Parquet stream window's totals")
        .hasMessageContaining("newer version");
  }
}
