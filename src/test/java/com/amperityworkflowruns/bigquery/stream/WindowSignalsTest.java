package com.amperityworkflowruns.bigquery.stream;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.services.bigquery.model.TableRow;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryStorageApiInsertError;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryStorageApiInsertErrorCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A row BigQuery refused fails the job naming the table and the run; the elements of windows
 * recorded by an earlier job are dropped before anything is written or counted.
 */
class WindowSignalsTest {
  private static final long H = 3_600_000L;

  @Test
  void aRefusedRow_failsTheJobNamingTheTableTheRunAndBigQuerysError() {
    // Arrange
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    p.apply(Create.of(new BigQueryStorageApiInsertError(new TableRow().set("run_id", "r-42"),
            "field ended_at: invalid timestamp"))
            .withCoder(BigQueryStorageApiInsertErrorCoder.of()))
        .apply(ParDo.of(new WindowSignals.RefusedRowFn("finished_runs")));

    // Act / Assert
    assertThatThrownBy(() -> p.run().waitUntilFinish())
        .hasStackTraceContaining("BigQuery refused a row of finished_runs (run r-42): field"
            + " ended_at: invalid timestamp");
  }

  @Test
  void skipRecorded_dropsTheElementsOfRecordedWindowsOnly() {
    // Arrange: one element in each of the windows 0, 1 and 2; window 1 recorded
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<Long> kept = p
        .apply(Create.timestamped(TimestampedValue.of(0L, new Instant(10)),
            TimestampedValue.of(1L, new Instant(H + 10)),
            TimestampedValue.of(2L, new Instant(2 * H + 10))).withCoder(VarLongCoder.of()))
        .apply(Window.into(FixedWindows.of(Duration.millis(H))))
        .apply(ParDo.of(new WindowSignals.SkipRecordedFn<Long>(Set.of(H))));

    // Assert
    PAssert.that(kept).containsInAnyOrder(0L, 2L);

    // Act
    p.run().waitUntilFinish();
  }
}
