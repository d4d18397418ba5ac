package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.simulator.ApiSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input is refused before anything is read or written: exit code 2, one line {@code error:
 * ...} on the error stream, no request to the API, no output folder.
 */
@Timeout(60)
class BadInputTest {
  private static ApiSimulator sim;

  @TempDir Path tmp;

  @BeforeAll
  static void startSimulator() {
    sim = ApiSimulator.start(SimJob.tenant(300).build());
  }

  @AfterAll
  static void stopSimulator() {
    sim.close();
  }

  /** A change of a good command line, given the temp dir. */
  private static Arguments bad(String name, BiFunction<List<String>, Path, List<String>> change) {
    return Arguments.of(name, change);
  }

  static Stream<Arguments> badCommandLines() {
    return Stream.of(
        bad("createdFrom equal to createdTo",
            (a, t) -> SimJob.with(SimJob.with(a, "--createdFrom=2024-01-10"), "--createdTo=2024-01-10")),
        bad("createdFrom after createdTo",
            (a, t) -> SimJob.with(SimJob.with(a, "--createdFrom=2024-01-10"), "--createdTo=2024-01-05")),
        bad("unparseable createdFrom", (a, t) -> SimJob.with(a, "--createdFrom=2024-13-45")),
        bad("unparseable createdTo", (a, t) -> SimJob.with(a, "--createdTo=next tuesday")),
        bad("leaseWait not a duration", (a, t) -> SimJob.with(a, "--leaseWait=5 minutes")),
        bad("leaseWait negative", (a, t) -> SimJob.with(a, "--leaseWait=-PT1M")),
        bad("keepReports 0", (a, t) -> SimJob.with(a, "--keepReports=0")),
        bad("pageSize 0", (a, t) -> SimJob.with(a, "--pageSize=0")),
        bad("pageSize -5", (a, t) -> SimJob.with(a, "--pageSize=-5")),
        bad("pageSize abc", (a, t) -> SimJob.with(a, "--pageSize=abc")),
        bad("rateLimit 0", (a, t) -> SimJob.with(a, "--rateLimit=0")),
        bad("rateLimit -1", (a, t) -> SimJob.with(a, "--rateLimit=-1")),
        bad("rateLimit abc", (a, t) -> SimJob.with(a, "--rateLimit=abc")),
        bad("readPollInterval not a duration", (a, t) -> SimJob.with(a, "--readPollInterval=5s")),
        bad("readPollInterval zero", (a, t) -> SimJob.with(a, "--readPollInterval=PT0S")),
        bad("readPollInterval over a minute", (a, t) -> SimJob.with(a, "--readPollInterval=PT61S")),
        bad("missing tenant", (a, t) -> SimJob.without(a, "tenant")),
        bad("no credentials", (a, t) -> SimJob.without(a, "tokenFile")),
        bad("token file missing", (a, t) -> SimJob.with(a, "--tokenFile=" + t.resolve("no-such-file"))),
        bad("token file is a folder", (a, t) -> SimJob.with(a, "--tokenFile=" + t)),
        bad("plain http to a remote host", (a, t) -> SimJob.with(a, "--baseUrl=http://example.com/api")),
        bad("unknown option", (a, t) -> SimJob.with(a, "--bogus=1")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCommandLines")
  void givenBadCommandLine_exitsTwoWithOneErrorLineAndWritesNothing(
      String name, BiFunction<List<String>, Path, List<String>> change) {
    // Arrange
    Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
    Path out = tmp.resolve("out");
    List<String> args = change.apply(SimJob.args(sim, token, out), tmp);
    sim.resetStats();

    // Act
    JobRun job = JobRun.launch(Map.of(), args);

    // Assert
    job.assertRefusedBeforeReading(sim, out, "output folder");
  }

  @Test
  void givenOutputUnderARegularFile_exitsTwoWithOneErrorLineAndLeavesTheFileAlone()
      throws IOException {
    // Arrange
    Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
    Path file = Files.writeString(tmp.resolve("a-file"), "keep me");
    List<String> args = SimJob.args(sim, token, file.resolve("out"));
    sim.resetStats();

    // Act
    JobRun job = JobRun.launch(args);

    // Assert
    assertThat(job.exitCode).as(job.toString()).isEqualTo(2);
    assertThat(job.errLines()).as(job.toString()).singleElement().asString()
        .startsWith("error: ").contains("--output");
    assertThat(file).isRegularFile().hasContent("keep me");
    assertThat(sim.stats().requests()).isZero();
  }
}
