package com.amperityworkflowruns.transforms;

import com.amperityworkflowruns.model.WorkflowRun;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;

/**
 * Keeps the terminal runs that have an {@code ended_at}, each stamped with its {@code ended_at} as
 * event time, for the stream's windows. A run the API showed open is not emitted (counter {@code
 * amperity/open_runs_skipped}); a run whose {@code ended_at} lies before the time it was read at
 * (the start of its poll window, so outside the window the API was asked for) is not either
 * (counter {@code amperity/runs_outside_window}), as it was read with an earlier window.
 */
public final class KeepFinishedRuns extends PTransform<PCollection<WorkflowRun>, PCollection<WorkflowRun>> {
  /** Creates the transform. */
  public KeepFinishedRuns() {}

  @Override
  public PCollection<WorkflowRun> expand(PCollection<WorkflowRun> input) {
    return input.apply("StampEndedAt", ParDo.of(new StampFn())).setCoder(input.getCoder());
  }

  static final class StampFn extends DoFn<WorkflowRun, WorkflowRun> {
    private final Counter open = Metrics.counter(Names.NAMESPACE, "open_runs_skipped");
    private final Counter outside = Metrics.counter(Names.NAMESPACE, "runs_outside_window");

    @ProcessElement
    public void process(@Element WorkflowRun run, @Timestamp Instant readAt, OutputReceiver<WorkflowRun> out) {
      if (!run.isTerminal || run.endedAtMicros == null) {
        open.inc();
        return;
      }
      Instant ended = new Instant(Math.floorDiv(run.endedAtMicros, 1000L));
      if (ended.isBefore(readAt)) {
        outside.inc();
        return;
      }
      out.outputWithTimestamp(run, ended);
    }
  }
}
