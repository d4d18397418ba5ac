package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.simulator.SimulatorConfig;
import com.amperityworkflowruns.simulator.SyntheticTenant;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped stream demo definition ({@code pipelines/stream-demo.yaml}) closes windows live,
 * stops by itself and writes exactly the runs that ended in its windows.
 */
@Timeout(180)
class StreamDemoDefinitionTest {
  private static final Path DEMO = Path.of("pipelines/stream-demo.yaml");

  @TempDir Path tmp;

  @Test
  void demo_followsLiveAndStopsWellWithinTwoMinutesOfClockTime() throws Exception {
    JsonNode o = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(DEMO)).get("options");

    Instant clockStart = Instant.parse(o.get("simulatorClock").asText());
    Instant stopAt = Instant.parse(o.get("stopAt").asText());
    Duration settle = Duration.parse(o.get("settleDelay").asText());
    double speed = o.get("simulatorSpeed").asDouble();
    double liveSeconds = (Duration.between(clockStart, stopAt).plus(settle).toMillis() / speed) / 1000;

    assertThat(o.get("mode").asText()).isEqualTo("stream");
    assertThat(Instant.parse(o.get("followFrom").asText())).isBefore(clockStart);
    assertThat(stopAt).isAfter(clockStart);
    // the live part; catching up, start-up and writing take the rest of the two minutes
    assertThat(liveSeconds).isLessThan(75);
  }

  @Test
  void shippedDemo_withOnlyItsOutputAndClockSpeedChanged_exitsZeroWithALinePerWindowAndWritesTheTruth()
      throws Exception {
    // Arrange: pipelines/stream-demo.yaml as shipped. Two options differ, both only for time: the
    // output (a temporary folder) and the simulator's clock, 6 times faster (720 instead of 120,
    // so the live part takes about 10 s instead of a minute). Runs, latency, tenant, clock start,
    // follow/stop instants, poll, settle and window are the file's.
    JsonNode o = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(DEMO)).get("options");
    Path out = tmp.resolve("out");
    List<String> args = List.of("--pipeline=" + DEMO, "--output=" + out, "--simulatorSpeed=720");
    Instant followFrom = Instant.parse(o.get("followFrom").asText());
    Instant stopAt = Instant.parse(o.get("stopAt").asText());
    Duration window = Duration.parse(o.get("statsWindow").asText());
    SyntheticTenant tenant = SyntheticTenant.generate(SimulatorConfig.builder()
        .tenant(o.get("tenant").asText()).totalRuns(o.get("simulatorRuns").asInt()).build());

    // Act
    JobRun job = JobRun.launch(args);

    // Assert
    assertThat(job.exitCode).as(job.toString()).isZero();
    long windows = Duration.between(followFrom, stopAt).dividedBy(window);
    assertThat(windows).isEqualTo(10);
    assertThat(job.out.lines().filter(l -> l.startsWith("window " + followFrom.toString()
        .substring(0, 10) + " ")).count()).isEqualTo(windows);
    assertThat(job.out).contains("embedded simulator in live mode").contains("windows closed");
    StreamJob.outputEqualsTruth(out, StreamTruth.of(tenant, followFrom, stopAt, window.toMillis()));
  }
}
