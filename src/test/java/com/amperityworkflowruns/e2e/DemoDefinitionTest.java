package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.simulator.SimulatorConfig;
import com.amperityworkflowruns.simulator.SyntheticTenant;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The shipped demo definition runs as documented and writes its tenant's truth. */
@Timeout(180)
class DemoDefinitionTest {
  @TempDir Path tmp;

  @Test
  void givenDemoDefinitionWithSmallFastTenant_exitsZeroPrintsSummaryWritesTruthAndEndsWithReportPath() {
    // Arrange: the path is relative to the project root, Maven's working directory.
    Path out = tmp.resolve("out");
    List<String> args =
        List.of(
            "--pipeline=pipelines/demo.yaml",
            "--output=" + out,
            "--simulatorLatencyMs=0-5",
            "--simulatorRuns=800");
    // The tenant the embedded simulator generates for these options (its defaults otherwise).
    SyntheticTenant tenant =
        SyntheticTenant.generate(
            SimulatorConfig.builder().tenant("acme-demo").totalRuns(800).latencyMillis(0, 5).build());

    // Act
    JobRun job = JobRun.launch(args);

    // Assert
    assertThat(job.exitCode).as(job.toString()).isZero();
    assertThat(job.out).contains("workflow type").contains("embedded simulator");
    assertThat(job.out.strip()).as("the last line").endsWith("report: " + out + "/report-acme-demo.html");
    assertThat(out.resolve("report-acme-demo.html")).isRegularFile();
    OutputAssert.outputEqualsTruth(
        out, Truth.of(tenant, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 4, 1)));
  }
}
