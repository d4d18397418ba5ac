package com.amperityworkflowruns.bigquery.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amperityworkflowruns.bigquery.BigQueryTables;
import com.amperityworkflowruns.bigquery.TableSpec;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.sink.StreamProgress;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The barrier releases a window only once each stream table was sent exactly the window's rows,
 * whatever the order of the signals; more rows than the window holds fail the job (after removing
 * the marker of a window released already), and so do rows not all reported within the wait.
 */
class WindowCommitsTest {
  private static final long H = 3_600_000L;

  private static KV<Long, WindowCommits.Signal> expected(long start, long runs, long stats,
      long rejects) {
    return KV.of(start, WindowCommits.Signal.expected(
        new WindowTotals(start, start + H, runs, 0, stats, rejects, 1)));
  }

  private static KV<Long, WindowCommits.Signal> written(long start, int table) {
    return KV.of(start, WindowCommits.Signal.written(table));
  }

  @TempDir Path tmp;

  private static final KvCoder<Long, WindowCommits.Signal> SIGNALS =
      KvCoder.of(VarLongCoder.of(), BarrierCoders.SignalCoder.of());

  private PCollection<Long> released(Pipeline p, List<KV<Long, WindowCommits.Signal>> in) {
    return released(p.apply(Create.of(in).withCoder(SIGNALS)));
  }

  private PCollection<Long> released(PCollection<KV<Long, WindowCommits.Signal>> signals) {
    return signals
        .apply(ParDo.of(new WindowCommits.BarrierFn(OutputLayout.of(tmp.toString()),
            Duration.standardMinutes(1))))
        .setCoder(KvCoder.of(VarLongCoder.of(), BarrierCoders.TotalsCoder.of()))
        .apply(MapElements.into(TypeDescriptors.longs())
            .via((KV<Long, WindowTotals> t) -> t.getValue().startMillis));
  }

  @Test
  void aWindowIsReleasedOnceAllItsRowsWereWritten_evenWhenItsTotalsComeLast() {
    // Arrange: window 0 complete (totals last), window H complete with no rows at all,
    // window 2H missing one run, window 3H written but not closed yet
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<Long> out = released(p, List.of(
        written(0, 0), written(0, 0), written(0, 1), written(0, 2), expected(0, 2, 1, 1),
        expected(H, 0, 0, 0),
        expected(2 * H, 2, 1, 0), written(2 * H, 0), written(2 * H, 1),
        written(3 * H, 0)));

    // Assert
    PAssert.that(out).containsInAnyOrder(0L, H);

    // Act
    p.run().waitUntilFinish();
  }

  @Test
  void anExtraRowReportedBeforeTheWindowCloses_failsTheJobWhenItsTotalsArrive() {
    // Arrange: two runs reported written, then the window closes with one
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    released(p.apply(TestStream.create(SIGNALS)
        .addElements(written(0, 0))
        .addElements(written(0, 0))
        .addElements(expected(0, 1, 0, 0))
        .advanceWatermarkToInfinity()));

    // Act / Assert
    assertThatThrownBy(() -> p.run().waitUntilFinish())
        .hasStackTraceContaining("more rows written than the window holds")
        .hasStackTraceContaining("refusing to record it");
  }

  @Test
  void anExtraRowReportedAfterTheWindowWasReleased_removesItsMarkerAndFailsTheJob()
      throws Exception {
    // Arrange: the window was released and recorded; then a second run is reported written
    OutputLayout state = OutputLayout.of(tmp.toString());
    StreamProgress.record(state, new WindowTotals(0, H, 1, 0, 0, 0, 1).toMarker(0, H, 0));
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    released(p.apply(TestStream.create(SIGNALS)
        .addElements(expected(0, 1, 0, 0))
        .addElements(written(0, 0))
        .addElements(written(0, 0))
        .advanceWatermarkToInfinity()));

    // Act / Assert
    assertThatThrownBy(() -> p.run().waitUntilFinish())
        .hasStackTraceContaining("its marker was removed")
        .hasStackTraceContaining("--followFrom=resume");
    assertThat(StreamProgress.closedWindows(state)).isEmpty();
  }

  @Test
  void rowsNotAllReportedWithinTheWait_failTheJobNamingTheWindow() {
    // Arrange: the window holds two runs, BigQuery reports one, a minute passes
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    released(p.apply(TestStream.create(SIGNALS)
        .addElements(expected(0, 2, 0, 0))
        .addElements(written(0, 0))
        .advanceProcessingTime(Duration.standardMinutes(2))
        .advanceWatermarkToInfinity()));

    // Act / Assert
    assertThatThrownBy(() -> p.run().waitUntilFinish())
        .hasStackTraceContaining("has reported only some of its rows (written [1, 0, 0] of"
            + " [2, 0, 0])")
        .hasStackTraceContaining("not recorded");
  }

  @Test
  void aCompleteWindow_doesNotFailWhenItsWaitIsOver() {
    // Arrange
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<Long> out = released(p.apply(TestStream.create(SIGNALS)
        .addElements(expected(0, 1, 0, 0))
        .addElements(written(0, 0))
        .advanceProcessingTime(Duration.standardMinutes(2))
        .advanceWatermarkToInfinity()));

    // Assert
    PAssert.that(out).containsInAnyOrder(0L);

    // Act
    p.run().waitUntilFinish();
  }

  @Test
  void perTable_ordersRunsStatsRejectsAsTheStreamTables() {
    WindowTotals t = new WindowTotals(0, H, 5, 1, 2, 3, 4);

    assertThat(t.perTable()).containsExactly(5, 2, 3);
    assertThat(BigQueryTables.stream()).extracting(TableSpec::name)
        .containsExactly("finished_runs", "type_stats_hourly", "rejects_stream");
  }
}
