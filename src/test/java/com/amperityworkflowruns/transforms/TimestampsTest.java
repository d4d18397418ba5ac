package com.amperityworkflowruns.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {
  // 2024-02-10T17:29:22Z
  private static final long BASE = 1_707_586_162_000_000L;

  @ParameterizedTest
  @CsvSource({
    "2024-02-10T17:29:22.454Z, 454000",
    "2024-02-10T17:29:22Z, 0",
    "2024-02-10T17:29:22.454123Z, 454123",
    "2024-02-10T19:29:22.454+02:00, 454000",
    "2024-02-10T12:29:22-05:00, 0",
    "2024-02-10T17:29:22.454, 454000",
  })
  void givenIsoForms_parsesToUtcMicros(String text, long extraMicros) {
    // Act
    Long micros = Timestamps.parseMicros(text);

    // Assert
    assertThat(micros).isEqualTo(BASE + extraMicros);
  }

  @Test
  void givenDateOnly_parsesToMidnightUtc() {
    assertThat(Timestamps.parseMicros("2024-02-10")).isEqualTo(1_707_523_200_000_000L);
  }

  @Test
  void givenMicrosBeforeEpoch_datesByUtcDay() {
    assertThat(Timestamps.utcDate(-1L)).isEqualTo("1969-12-31");
    assertThat(Timestamps.utcDate(BASE)).isEqualTo("2024-02-10");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "yesterday", "2024-02-30", "2024-13-01T00:00:00Z", "2024-02-10T25:00:00Z",
        "1707586162454", "2024-02-10 17:29:22Z", "+999999999-12-31T23:59:59Z", "2024-02-1x"
      })
  void givenNonTimestamp_returnsNull(String text) {
    assertThat(Timestamps.parseMicros(text)).isNull();
  }
}
