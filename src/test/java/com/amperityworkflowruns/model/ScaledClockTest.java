package com.amperityworkflowruns.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ScaledClockTest {
  @Test
  void fixedClock_standsStillAndCountsRealTimeOneToOne() {
    ScaledClock clock = ScaledClock.fixed(Instant.parse("2024-03-01T00:00:00Z"));

    assertThat(clock.instant()).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
    assertThat(clock.realMillis(120_000)).isEqualTo(120_000);
  }

  @Test
  void fastClock_startsWhereToldAndNeedsLessRealTime() {
    ScaledClock clock = ScaledClock.startingAt(Instant.parse("2024-03-01T00:00:00Z"), 60);

    assertThat(clock.millis()).isBetween(
        Instant.parse("2024-03-01T00:00:00Z").toEpochMilli(),
        Instant.parse("2024-03-01T01:00:00Z").toEpochMilli());
    assertThat(clock.realMillis(60_000)).isEqualTo(1_000);
  }

  @Test
  void clock_travelsWithThePipelineUnchanged() throws Exception {
    ScaledClock clock = ScaledClock.fixed(Instant.parse("2024-03-01T00:00:00Z"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(clock);
    }

    ScaledClock copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (ScaledClock) in.readObject();
    }

    assertThat(copy.instant()).isEqualTo(clock.instant());
  }

  @Test
  void negativeSpeed_isRefused() {
    assertThatThrownBy(() -> ScaledClock.startingAt(Instant.EPOCH, -1))
        .hasMessageContaining("speed");
  }

  @Test
  void withZone_keepsTheScaledInstantAndReportsTheZone() {
    // Arrange
    Instant at = Instant.parse("2024-03-01T12:00:00Z");
    ScaledClock clock = ScaledClock.fixed(at);

    // Act
    Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));

    // Assert
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(paris.instant()).isEqualTo(at);
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    assertThat(paris.withZone(ZoneOffset.UTC).instant()).isEqualTo(at);
  }
}
