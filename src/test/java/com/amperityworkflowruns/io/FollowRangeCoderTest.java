package com.amperityworkflowruns.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amperityworkflowruns.testing.CoderFixtures;
import java.io.IOException;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

/**
 * The stream reader's restriction keeps its format across builds: bytes written by format 1 (the
 * checked-in fixtures) decode field by field, every field survives a round trip, a newer format
 * is refused with one line, and the reader declares this coder rather than Java serialization.
 */
class FollowRangeCoderTest {
  private static final long T0 = 1_709_251_200_000L; // 2024-03-01T00:00:00Z
  private static final long HOUR = 3_600_000L;

  /** An open-ended range in the middle of a poll window, with a cursor and a restart. */
  static final FollowRange IN_WINDOW = new FollowRange(T0, FollowRange.OPEN, T0 + HOUR,
      "opaque+cursor/==", 3, 1);
  /** A bounded range between windows: no window end, no cursor. */
  static final FollowRange BETWEEN_WINDOWS = FollowRange.of(T0 + 2 * HOUR, T0 + 5 * HOUR);

  /** Writes the fixtures of format 1 (run once, from the project's folder; kept ones stay). */
  public static void main(String[] args) throws IOException {
    CoderFixtures.write("follow-range-v1-in-window", FollowRangeCoder.of(), IN_WINDOW);
    CoderFixtures.write("follow-range-v1-between-windows", FollowRangeCoder.of(), BETWEEN_WINDOWS);
  }

  @Test
  void format1Fixtures_decodeEveryField() throws IOException {
    FollowRange inWindow = CoderFixtures.read("follow-range-v1-in-window", FollowRangeCoder.of());
    FollowRange between =
        CoderFixtures.read("follow-range-v1-between-windows", FollowRangeCoder.of());

    assertThat(inWindow.fromMillis).isEqualTo(T0);
    assertThat(inWindow.toMillis).isEqualTo(FollowRange.OPEN);
    assertThat(inWindow.windowEndMillis).isEqualTo(T0 + HOUR);
    assertThat(inWindow.token).isEqualTo("opaque+cursor/==");
    assertThat(inWindow.pagesRead).isEqualTo(3);
    assertThat(inWindow.restarts).isEqualTo(1);
    assertThat(between.fromMillis).isEqualTo(T0 + 2 * HOUR);
    assertThat(between.toMillis).isEqualTo(T0 + 5 * HOUR);
    assertThat(between.windowEndMillis).isNull();
    assertThat(between.token).isNull();
    assertThat(between.pagesRead).isZero();
    assertThat(between.restarts).isZero();
  }

  @Test
  void everyField_survivesARoundTrip() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(FollowRangeCoder.of(), IN_WINDOW);
    CoderProperties.coderDecodeEncodeEqual(FollowRangeCoder.of(), BETWEEN_WINDOWS);
    FollowRange decoded = CoderUtils.clone(FollowRangeCoder.of(), IN_WINDOW);
    assertThat(decoded.pagesRead).isEqualTo(3);
    assertThat(decoded.restarts).isEqualTo(1);
    CoderProperties.coderDeterministic(FollowRangeCoder.of(), IN_WINDOW, IN_WINDOW);
  }

  @Test
  void aNewerFormat_isRefusedNamingTheWayOut() throws IOException {
    int format = FollowRangeCoder.of().format();
    byte[] newer = CoderFixtures.formatOnly(format + 1);

    assertThatThrownBy(() -> CoderUtils.decodeFromByteArray(FollowRangeCoder.of(), newer))
        .isInstanceOf(CoderException.class)
        .hasMessageContaining("the stream reader's restriction")
        .hasMessageContaining("format " + (format + 1))
        .hasMessageContaining("newer version")
        .hasMessageContaining("instead of updating it");
  }

  @Test
  void theStreamReaderDeclaresThisCoder() {
    FollowDriver driver = new FollowDriver(
        new FakeEndedApi(FakeEndedApi.evenly(0, T0, T0 + HOUR), 1), T0, T0 + HOUR, 60_000,
        120_000, HOUR);
    try {
      assertThat(driver.fn(0).restrictionCoder()).isSameAs(FollowRangeCoder.of());
    } finally {
      driver.close();
    }
  }
}
