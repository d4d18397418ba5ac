package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.report.ReportCommand;
import com.amperityworkflowruns.simulator.ApiSimulator;
import com.amperityworkflowruns.testing.LegacyOutputs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch job, a stream job and {@code report} on an output written before tenants refuse it
 * before reading anything: exit 2, one line naming the {@code migrate} command with the user's
 * output and tenant, no request to the API, nothing changed.
 */
@Timeout(60)
class LegacyOutputRefusedTest {
  private static final String MIGRATE = "java -jar amperity-workflow-runs.jar migrate";
  private static ApiSimulator sim;

  @TempDir Path tmp;

  @BeforeAll
  static void startSimulator() {
    sim = ApiSimulator.start(SimJob.tenant(300).tenant("acme").build());
  }

  @AfterAll
  static void stopSimulator() {
    sim.close();
  }

  @BeforeEach
  void resetRequests() {
    sim.resetStats();
  }

  private Path legacyOutput() {
    Path out = LegacyOutputs.copy(LegacyOutputs.BATCH, tmp.resolve("out"));
    return LegacyOutputs.copy(LegacyOutputs.STREAM, out);
  }

  private Path token() {
    return SimJob.secretFile(tmp, "token", sim.config().staticToken());
  }

  private static void assertRefused(int code, List<String> errLines, String output,
      String tenant, String context) {
    assertThat(code).as(context).isEqualTo(2);
    assertThat(errLines).as(context).singleElement().asString()
        .startsWith("error: --output=" + output + " was written before outputs held tenants;"
            + " migrate it first: ")
        .contains(MIGRATE + " --output=" + output + " --tenant=" + tenant);
    assertThat(sim.stats().requests() + sim.stats().tokenRequests()).as("requests").isZero();
  }

  @Test
  void givenALegacyOutput_whenABatchJobRuns_thenItIsRefusedNamingMigrateBeforeAnyRequest() {
    // Arrange
    Path out = legacyOutput();
    List<String> before = new OutputTables(out).files();

    // Act
    JobRun job = JobRun.launch(SimJob.args(sim, token(), out, LocalDate.parse("2024-03-30"),
        LocalDate.parse("2024-04-01")));

    // Assert
    assertRefused(job.exitCode, job.errLines(), out.toString(), "acme", job.toString());
    assertThat(new OutputTables(out).files()).isEqualTo(before);
  }

  @Test
  void givenALegacyOutput_whenAStreamJobResumes_thenItIsRefusedNamingMigrateBeforeAnyRequest() {
    // Arrange
    Path out = legacyOutput();
    List<String> before = new OutputTables(out).files();
    List<String> args = SimJob.with(StreamJob.args(sim, token(), out,
        Instant.parse("2024-03-31T00:00:00Z"), Instant.parse("2024-03-31T06:00:00Z"), "PT1H"),
        "--followFrom=resume");

    // Act
    JobRun job = JobRun.launch(args);

    // Assert
    assertRefused(job.exitCode, job.errLines(), out.toString(), "acme", job.toString());
    assertThat(new OutputTables(out).files()).isEqualTo(before);
  }

  @Test
  void givenALegacyOutput_whenReportRuns_thenItIsRefusedNamingMigrateWithTheRunsTenant() {
    // Arrange
    Path out = legacyOutput();
    List<String> before = new OutputTables(out).files();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    // Act
    int code;
    try (PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = new ReportCommand(new PrintStream(new ByteArrayOutputStream()), e)
          .run(new String[] {"--output=" + out});
    }

    // Assert
    List<String> lines = Arrays.stream(err.toString(StandardCharsets.UTF_8).split("\\R"))
        .filter(l -> !l.isBlank()).toList();
    assertRefused(code, lines, out.toString(), LegacyOutputs.TENANT, err.toString());
    assertThat(new OutputTables(out).files()).isEqualTo(before);
  }
}
