package com.amperityworkflowruns.transforms;

import com.amperityworkflowruns.model.RawRun;
import com.amperityworkflowruns.model.RunState;
import com.amperityworkflowruns.model.WorkflowRun;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;

/** Routes each raw record to {@link NormalizeRuns#RUNS} or {@link NormalizeRuns#REJECTS}. */
final class NormalizeFn extends DoFn<RawRun, WorkflowRun> {
  private final Counter normalized = Metrics.counter(Names.NAMESPACE, Names.RUNS_NORMALIZED);
  private final Counter rejects = Metrics.counter(Names.NAMESPACE, Names.REJECTS);
  private final Counter unknownStates = Metrics.counter(Names.NAMESPACE, Names.UNKNOWN_STATES);

  @ProcessElement
  public void processElement(@Element RawRun raw, MultiOutputReceiver out) {
    Normalized result = RunNormalizer.normalize(raw);
    if (result.isRun()) {
      WorkflowRun run = result.run();
      normalized.inc();
      if (RunState.UNKNOWN.name().equals(run.state)) {
        unknownStates.inc();
      }
      out.get(NormalizeRuns.RUNS).output(run);
    } else {
      rejects.inc();
      out.get(NormalizeRuns.REJECTS).output(result.reject());
    }
  }
}
