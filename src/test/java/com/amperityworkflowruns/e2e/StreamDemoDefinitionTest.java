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

/** The shipped stream demo definition closes windows live and stops by itself. */
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
  void demoWithAFasterClock_exitsZeroWithALinePerWindowAndWritesTheTruth() {
    // Arrange: the demo's definition, its clock 6 times faster and fewer runs, for a quick test
    Path out = tmp.resolve("out");
    List<String> args = List.of("--pipeline=" + DEMO, "--output=" + out,
        "--simulatorSpeed=720", "--simulatorRuns=8000", "--simulatorLatencyMs=0-5");
    SyntheticTenant tenant = SyntheticTenant.generate(
        SimulatorConfig.builder().tenant("acme-demo").totalRuns(8000).build());

    // Act
    JobRun job = JobRun.launch(args);

    // Assert
    assertThat(job.exitCode).as(job.toString()).isZero();
    assertThat(job.out.lines().filter(l -> l.startsWith("window 2024-03-31 ")).count()).isEqualTo(10);
    assertThat(job.out).contains("embedded simulator in live mode").contains("windows closed");
    StreamJob.outputEqualsTruth(out, StreamTruth.of(tenant, Instant.parse("2024-03-31T00:00:00Z"),
        Instant.parse("2024-03-31T05:00:00Z"), 1_800_000));
  }
}
