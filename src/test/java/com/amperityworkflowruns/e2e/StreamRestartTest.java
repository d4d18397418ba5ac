package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.simulator.ApiSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream stopped mid-way and started again with {@code --followFrom=resume} continues where the
 * output's last recorded window ended: no gap and no double, also when the first job died after
 * writing a window's files but before recording it.
 */
@Timeout(400)
class StreamRestartTest {
  private static final Instant D0 = Instant.parse("2024-01-04T00:00:00Z");
  private static final Instant MID = Instant.parse("2024-01-05T12:00:00Z");
  private static final Instant END = Instant.parse("2024-01-07T00:00:00Z");

  @TempDir Path tmp;

  @Test
  void stopThenResume_outputEqualsOneUninterruptedStream() {
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(1500).badRecordRate(0.01).build())) {
      // Arrange: the first job follows D0 to MID
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      Path out = tmp.resolve("out");
      JobRun first = JobRun.launch(StreamJob.args(sim, token, out, D0, MID, "PT6H"));
      assertThat(first.exitCode).as(first.toString()).isZero();

      // Act
      JobRun second = JobRun.launch(
          SimJob.with(StreamJob.args(sim, token, out, D0, END, "PT6H"), "--followFrom=resume"));

      // Assert
      assertThat(second.exitCode).as(second.toString()).isZero();
      assertThat(second.out).contains("followed up to " + MID);
      assertThat(second.out.lines().filter(l -> l.startsWith("window ")).count()).isEqualTo(6);
      StreamJob.outputEqualsTruth(out, StreamTruth.of(sim.tenant(), D0, END, 21_600_000));
    }
  }

  @Test
  void diedBeforeRecordingItsLastWindows_resumeReadsThemAgainWithoutDoubles() throws IOException {
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(1500).build())) {
      // Arrange: a job to MID whose last two windows' files were written but not recorded (as
      // when it is killed between the two), and one whose middle window was not recorded
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      Path out = tmp.resolve("out");
      JobRun first = JobRun.launch(StreamJob.args(sim, token, out, D0, MID, "PT6H"));
      assertThat(first.exitCode).as(first.toString()).isZero();
      List<Path> markers = markers(out);
      assertThat(markers).hasSize(6);
      Files.delete(markers.get(2));
      Files.delete(markers.get(5));

      // Act
      JobRun second = JobRun.launch(
          SimJob.with(StreamJob.args(sim, token, out, D0, END, "PT6H"), "--followFrom=resume"));

      // Assert: it resumed at the first window without a record, and replaced what it re-read
      assertThat(second.exitCode).as(second.toString()).isZero();
      assertThat(second.out).contains("followed up to 2024-01-04T12:00:00Z");
      assertThat(markers(out)).hasSize(12);
      StreamJob.outputEqualsTruth(out, StreamTruth.of(sim.tenant(), D0, END, 21_600_000));
    }
  }

  @Test
  void resumeWithAnotherStatsWindow_isRefusedWithOneLine() {
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(300).build())) {
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      Path out = tmp.resolve("out");
      JobRun first = JobRun.launch(StreamJob.args(sim, token, out, D0, MID, "PT6H"));
      assertThat(first.exitCode).as(first.toString()).isZero();

      JobRun second = JobRun.launch(
          SimJob.with(StreamJob.args(sim, token, out, D0, END, "PT1H"), "--followFrom=resume"));

      assertThat(second.exitCode).isEqualTo(2);
      assertThat(second.errLines()).hasSize(1);
      assertThat(second.err).contains("--statsWindow=PT6H");
    }
  }

  private static List<Path> markers(Path out) throws IOException {
    try (Stream<Path> s = Files.list(out.resolve("_tenants/acme-demo/_stream_state/windows"))) {
      return s.sorted().toList();
    }
  }
}
