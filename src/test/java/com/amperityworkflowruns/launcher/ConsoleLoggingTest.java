package com.amperityworkflowruns.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Properties;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** The jar's console logging keeps the one-line, job-at-INFO output slf4j-simple gave. */
class ConsoleLoggingTest {
  private static Properties bundled() throws IOException {
    Properties p = new Properties();
    try (InputStream in = ConsoleLogging.configuration()) {
      p.load(in);
    }
    return p;
  }

  @Test
  void theBundledConfiguration_logsTheJobAtInfoAndLibrariesFromWarningToTheConsole()
      throws IOException {
    Properties p = bundled();

    assertThat(p.getProperty(".level")).isEqualTo("WARNING");
    assertThat(p.getProperty("com.amperityworkflowruns.level")).isEqualTo("INFO");
    assertThat(p.getProperty("handlers")).isEqualTo("java.util.logging.ConsoleHandler");
  }

  @Test
  void aRecordWithoutAnException_isOneLineWithTimeLevelLoggerAndMessage() throws IOException {
    String format = bundled().getProperty("java.util.logging.SimpleFormatter.format");
    ZonedDateTime at = ZonedDateTime.of(2026, 12, 7, 7, 4, 36, 0, ZoneOffset.UTC);

    String line = String.format(format, at, "source", "com.amperityworkflowruns.sink.Publisher",
        Level.INFO.getLocalizedName(), "published 4 days", "");

    assertThat(line)
        .isEqualTo("07:04:36 [INFO] com.amperityworkflowruns.sink.Publisher - published 4 days"
            + System.lineSeparator());
  }

  @Test
  void afterARunnerResetTheLoggersLevels_theConsoleStillKeepsTheConfiguredOnes()
      throws IOException {
    Properties p = bundled();

    Level beam = ConsoleLogging.threshold("org.apache.beam.sdk.io.WriteFiles", p::getProperty);
    Level job = ConsoleLogging.threshold("com.amperityworkflowruns.sink.Publisher", p::getProperty);
    Level sink = ConsoleLogging.threshold("org.apache.beam.sdk.io.FileBasedSink", p::getProperty);

    assertThat(beam).isEqualTo(Level.WARNING);
    assertThat(job).isEqualTo(Level.INFO);
    assertThat(sink).isEqualTo(Level.SEVERE);
    assertThat(p.getProperty("java.util.logging.ConsoleHandler.filter"))
        .isEqualTo(ConsoleLogging.ConfiguredLevels.class.getName());
  }
}
