package com.amperityworkflowruns.transforms;

import com.amperityworkflowruns.model.TimeRanges;
import com.amperityworkflowruns.model.WindowTypeStats;
import com.amperityworkflowruns.model.WorkflowRun;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Statistics per workflow type in each event-time window of the input (the stream's {@code
 * type_stats_hourly}): the same figures as {@link ComputeTypeStats}, one {@link WindowTypeStats}
 * per (window, type), emitted when the window's trigger fires (by default once, when the
 * watermark passes its end).
 *
 * <pre>{@code
 * PCollection<WindowTypeStats> hourly = finishedRuns   // in FixedWindows, de-duplicated
 *     .apply("ComputeWindowStats", new WindowedTypeStats());
 * }</pre>
 *
 * <p>Windows must be {@link IntervalWindow}s. {@code stats.createdDate} carries the UTC date of
 * the window's start.
 */
public final class WindowedTypeStats
    extends PTransform<PCollection<WorkflowRun>, PCollection<WindowTypeStats>> {
  /** Creates the transform. */
  public WindowedTypeStats() {}

  @Override
  public PCollection<WindowTypeStats> expand(PCollection<WorkflowRun> input) {
    PCollection<WindowTypeStats> out =
        input
            .apply(
                "KeyByType",
                MapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptors.strings(), org.apache.beam.sdk.values.TypeDescriptor.of(WorkflowRun.class)))
                    .via((WorkflowRun r) -> KV.of(ComputeTypeStats.typeOf(r), r)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), input.getCoder()))
            .apply("CombineStats", Combine.perKey(new TypeStatsFn()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), StatsAccumulatorCoder.of()))
            .apply("ToWindowStats", ParDo.of(new ToWindowStatsFn()));
    try {
      return out.setCoder(
          input.getPipeline().getSchemaRegistry().getSchemaCoder(WindowTypeStats.class));
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException("WindowTypeStats must carry @DefaultSchema", e);
    }
  }

  static final class ToWindowStatsFn extends DoFn<KV<String, StatsAccumulator>, WindowTypeStats> {
    @ProcessElement
    public void processElement(
        @Element KV<String, StatsAccumulator> kv,
        BoundedWindow window,
        OutputReceiver<WindowTypeStats> out) {
      IntervalWindow w = (IntervalWindow) window;
      long start = w.start().getMillis() * 1000;
      out.output(
          new WindowTypeStats(
              start,
              w.end().getMillis() * 1000,
              kv.getValue().toTypeStats(TimeRanges.date(start), kv.getKey())));
    }
  }
}
