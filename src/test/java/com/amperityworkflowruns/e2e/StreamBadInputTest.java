package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.simulator.ApiSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad stream input is refused before anything is read or written: exit code 2, one line {@code
 * error: ...} naming the problem, no request to the API, no table written.
 */
@Timeout(60)
class StreamBadInputTest {
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

  private static Arguments bad(String name, String expected, UnaryOperator<List<String>> change) {
    return Arguments.of(name, expected, change);
  }

  static Stream<Arguments> badCommandLines() {
    return Stream.of(
        bad("stopAt before followFrom", "--stopAt", a -> SimJob.with(a, "--stopAt=2024-01-02")),
        bad("stopAt equal to followFrom", "--stopAt", a -> SimJob.with(a, "--stopAt=2024-01-05")),
        bad("stopAt inside followFrom's window", "--stopAt",
            a -> SimJob.with(a, "--stopAt=2024-01-05T00:30:00Z")),
        bad("stream with createdFrom", "--createdFrom", a -> SimJob.with(a, "--createdFrom=2024-01-01")),
        bad("stream with createdTo", "--createdTo", a -> SimJob.with(a, "--createdTo=2024-01-09")),
        bad("stream with lookbackDays", "--lookbackDays", a -> SimJob.with(a, "--lookbackDays=3")),
        bad("stream with --resume", "--followFrom=resume", a -> SimJob.with(a, "--resume=true")),
        bad("pollInterval zero", "--pollInterval", a -> SimJob.with(a, "--pollInterval=PT0S")),
        bad("pollInterval negative", "--pollInterval", a -> SimJob.with(a, "--pollInterval=-PT1M")),
        bad("pollInterval not a duration", "--pollInterval",
            a -> SimJob.with(a, "--pollInterval=every minute")),
        bad("stream with the batch readPollInterval", "--pollInterval",
            a -> SimJob.with(a, "--readPollInterval=PT5S")),
        bad("statsWindow zero", "--statsWindow", a -> SimJob.with(a, "--statsWindow=PT0S")),
        bad("statsWindow not dividing a day", "--statsWindow", a -> SimJob.with(a, "--statsWindow=PT7M")),
        bad("settleDelay negative", "--settleDelay", a -> SimJob.with(a, "--settleDelay=-PT2M")),
        bad("followFrom missing", "--followFrom", a -> SimJob.without(a, "followFrom")),
        bad("followFrom unparseable", "--followFrom", a -> SimJob.with(a, "--followFrom=yesterday")),
        bad("followFrom=resume without state", "holds no stream state",
            a -> SimJob.with(a, "--followFrom=resume")),
        bad("unknown mode", "--mode", a -> SimJob.with(a, "--mode=streaming")),
        bad("stream to BigQuery without a dataset", "--bigqueryDataset=PROJECT:DATASET",
            a -> SimJob.with(a, "--format=bigquery")),
        bad("simulatorSpeed without simulatorClock", "--simulatorClock",
            a -> SimJob.with(SimJob.with(a, "--embeddedSimulator=true"), "--simulatorSpeed=60")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCommandLines")
  void badInput_exitsTwoWithOneLineAndWritesNothing(
      String name, String expected, UnaryOperator<List<String>> change) {
    // Arrange
    Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
    Path out = tmp.resolve("out");
    List<String> good = StreamJob.args(sim, token, out, Instant.parse("2024-01-05T00:00:00Z"),
        Instant.parse("2024-01-06T00:00:00Z"), "PT1H");
    long requestsBefore = sim.stats().requests();

    // Act
    JobRun job = JobRun.launch(change.apply(good));

    // Assert
    assertThat(job.exitCode).as(job.toString()).isEqualTo(2);
    assertThat(job.errLines()).as(job.toString()).hasSize(1);
    assertThat(job.errLines().get(0)).startsWith("error: ").contains(expected);
    assertThat(sim.stats().requests()).isEqualTo(requestsBefore);
    assertThat(Files.exists(out.resolve("finished_runs"))).isFalse();
  }
}
