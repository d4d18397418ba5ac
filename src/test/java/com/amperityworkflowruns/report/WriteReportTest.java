package com.amperityworkflowruns.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's report step: writes its tenant's page after the publish, and never fails the job.
 */
@ExtendWith(TestPipelineExtension.class)
class WriteReportTest {
  @TempDir Path tmp;

  private static long counter(PipelineResult result, String name) {
    long sum = 0;
    for (MetricResult<Long> c : result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named(WriteReport.NAMESPACE, name)).build()).getCounters()) {
      sum += c.getAttempted();
    }
    return sum;
  }

  @Test
  void givenOutputOfThisJob_writesItsTenantsReportOnlyAndCountsIt(TestPipeline pipeline)
      throws Exception {
    // Arrange: an output of two tenants whose days were all cleared (reports, no tables)
    Files.writeString(tmp.resolve("report-acme.html"), "old");
    Files.writeString(tmp.resolve("report-globex.html"), "old");
    pipeline.apply("Published", Create.of("publish-result"))
        .apply("WriteReport", WriteReport.of(tmp.toString(), "acme"));

    // Act
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();

    // Assert
    assertThat(counter(result, WriteReport.WRITTEN)).isEqualTo(1);
    assertThat(counter(result, WriteReport.FAILED)).isZero();
    assertThat(Files.readString(tmp.resolve("report-acme.html"))).contains("report-data");
    assertThat(Files.readString(tmp.resolve("report-globex.html"))).isEqualTo("old");
  }

  @Test
  void givenReportThatCannotBeBuilt_jobStillSucceedsAndCountsTheFailure(TestPipeline pipeline) {
    // Arrange: not an output of this job, so building the report fails
    pipeline.apply("Published", Create.of("publish-result"))
        .apply("WriteReport", WriteReport.of(tmp.resolve("not-an-output").toString(), "acme"));

    // Act
    PipelineResult result = pipeline.run();
    PipelineResult.State state = result.waitUntilFinish();

    // Assert
    assertThat(state).isEqualTo(PipelineResult.State.DONE);
    assertThat(counter(result, WriteReport.FAILED)).isEqualTo(1);
    assertThat(counter(result, WriteReport.WRITTEN)).isZero();
  }
}
