package com.amperityworkflowruns.transforms;

import static com.amperityworkflowruns.transforms.TestRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.model.WindowTypeStats;
import com.amperityworkflowruns.model.WorkflowRun;
import java.time.Instant;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The stream's transforms on the Direct runner: finished runs by end time, stats per window. */
@ExtendWith(TestPipelineExtension.class)
class StreamTransformsTest {
  private static final org.joda.time.Instant READ_AT =
      new org.joda.time.Instant(Instant.parse("2024-02-10T01:00:00Z").toEpochMilli());

  /** {@code id@timestamp} of each run. */
  static final class IdAndTimestamp extends org.apache.beam.sdk.transforms.DoFn<WorkflowRun, String> {
    @ProcessElement
    public void process(@Element WorkflowRun r, @Timestamp org.joda.time.Instant t,
        OutputReceiver<String> out) {
      out.output(r.runId + "@" + Instant.ofEpochMilli(t.getMillis()));
    }
  }

  private static org.apache.beam.sdk.coders.Coder<WorkflowRun> coder(TestPipeline pipeline) {
    try {
      return pipeline.getSchemaRegistry().getSchemaCoder(WorkflowRun.class);
    } catch (org.apache.beam.sdk.schemas.NoSuchSchemaException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void keepFinishedRuns_dropsOpenRunsAndStampsEachWithItsEnd(TestPipeline pipeline) {
    // Arrange
    WorkflowRun done = run("a", "t", "succeeded", "2024-02-10T00:30:00Z", "2024-02-10T01:20:00Z", null);
    WorkflowRun open = run("b", "t", "In progress", "2024-02-10T00:40:00Z", null, null);
    WorkflowRun early = run("c", "t", "failed", "2024-02-10T00:10:00Z", "2024-02-10T00:50:00Z", null);
    PCollection<WorkflowRun> runs = pipeline.apply(Create.timestamped(
        TimestampedValue.of(done, READ_AT), TimestampedValue.of(open, READ_AT),
        TimestampedValue.of(early, READ_AT)).withCoder(
            coder(pipeline)));

    // Act
    PCollection<String> stamped = runs.apply(new KeepFinishedRuns())
        .apply(org.apache.beam.sdk.transforms.ParDo.of(new IdAndTimestamp()));

    // Assert
    PAssert.that(stamped).containsInAnyOrder("a@2024-02-10T01:20:00Z");
    PipelineResult result = pipeline.run();
    assertThat(result.waitUntilFinish()).isEqualTo(PipelineResult.State.DONE);
  }

  @Test
  void windowedTypeStats_onePerWindowAndTypeWithTheWindowsBounds(TestPipeline pipeline) {
    // Arrange: two runs of type t in the 01:00 hour (one failed), one in the 02:00 hour
    WorkflowRun a = run("a", "t", "succeeded", "2024-02-10T00:30:00Z", "2024-02-10T01:20:00Z", null);
    WorkflowRun b = run("b", "t", "failed", "2024-02-10T00:40:00Z", "2024-02-10T01:50:00Z", "platform");
    WorkflowRun c = run("c", "t", "succeeded", "2024-02-10T01:40:00Z", "2024-02-10T02:10:00Z", null);
    PCollection<WorkflowRun> runs = pipeline
        .apply(Create.timestamped(TimestampedValue.of(a, READ_AT), TimestampedValue.of(b, READ_AT),
                TimestampedValue.of(c, READ_AT))
            .withCoder(coder(pipeline)))
        .apply(new KeepFinishedRuns())
        .apply(Window.into(FixedWindows.of(Duration.standardHours(1))));

    // Act
    PCollection<WindowTypeStats> stats = runs.apply(new WindowedTypeStats());

    // Assert
    PAssert.that(stats.apply(MapElements.into(TypeDescriptors.strings()).via(s ->
            Instant.ofEpochMilli(s.windowStartMicros / 1000) + "-"
                + Instant.ofEpochMilli(s.windowEndMicros / 1000) + " " + s.stats.createdDate + " "
                + s.stats.type + " runs=" + s.stats.runs + " failed=" + s.stats.failed
                + " platform=" + s.stats.platformErrors + " p50=" + s.stats.durationMsP50)))
        .containsInAnyOrder(
            "2024-02-10T01:00:00Z-2024-02-10T02:00:00Z 2024-02-10 t runs=2 failed=1 platform=1"
                + " p50=3000000",
            "2024-02-10T02:00:00Z-2024-02-10T03:00:00Z 2024-02-10 t runs=1 failed=0 platform=0"
                + " p50=1800000");
    PipelineResult result = pipeline.run();
    assertThat(result.waitUntilFinish()).isEqualTo(PipelineResult.State.DONE);
  }
}
