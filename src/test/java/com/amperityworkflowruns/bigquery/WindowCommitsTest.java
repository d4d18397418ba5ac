package com.amperityworkflowruns.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

/**
 * The barrier releases a window only once each stream table was sent exactly the window's rows,
 * whatever the order of the signals; more rows than the window holds fail the job.
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

  private static PCollection<Long> released(Pipeline p, List<KV<Long, WindowCommits.Signal>> in) {
    return p.apply(Create.of(in).withCoder(KvCoder.of(VarLongCoder.of(),
            SerializableCoder.of(WindowCommits.Signal.class))))
        .apply(ParDo.of(new WindowCommits.BarrierFn()))
        .setCoder(KvCoder.of(VarLongCoder.of(), SerializableCoder.of(WindowTotals.class)))
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
  void moreRowsWrittenThanTheWindowHolds_failsTheJob_whicheverSignalComesFirst() {
    // Arrange
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    released(p, List.of(expected(0, 1, 0, 0), written(0, 0), written(0, 0)));

    // Act / Assert
    assertThatThrownBy(() -> p.run().waitUntilFinish())
        .hasStackTraceContaining("more rows written than the window holds");
  }

  @Test
  void perTable_ordersRunsStatsRejectsAsTheStreamTables() {
    WindowTotals t = new WindowTotals(0, H, 5, 1, 2, 3, 4);

    assertThat(t.perTable()).containsExactly(5, 2, 3);
    assertThat(BigQueryTables.stream()).extracting(TableSpec::name)
        .containsExactly("finished_runs", "type_stats_hourly", "rejects_stream");
  }
}
