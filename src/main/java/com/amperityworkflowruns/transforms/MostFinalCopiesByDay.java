package com.amperityworkflowruns.transforms;

import com.amperityworkflowruns.model.WorkflowRun;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;

/**
 * {@link MostFinalCopy} for many runs under one key (a created day): a map from run id to the
 * copy kept, merged entry by entry with the same total order. Used on the Direct runner only,
 * which gives every key of a combine its own bundle, so that one key per run would cost a bundle
 * per run (200,000 runs took over 10 minutes here); elsewhere {@link DeduplicateRuns} keys by run
 * id.
 */
final class MostFinalCopiesByDay
    extends Combine.CombineFn<WorkflowRun, Map<String, MostFinalCopy.Kept>, Map<String, MostFinalCopy.Kept>> {
  private static final MostFinalCopy ONE = new MostFinalCopy();

  @Override
  public Map<String, MostFinalCopy.Kept> createAccumulator() {
    return new HashMap<>();
  }

  @Override
  public Map<String, MostFinalCopy.Kept> addInput(
      Map<String, MostFinalCopy.Kept> acc, WorkflowRun run) {
    ONE.addInput(acc.computeIfAbsent(run.runId, id -> ONE.createAccumulator()), run);
    return acc;
  }

  @Override
  public Map<String, MostFinalCopy.Kept> mergeAccumulators(
      Iterable<Map<String, MostFinalCopy.Kept>> accumulators) {
    Map<String, MostFinalCopy.Kept> merged = new HashMap<>();
    for (Map<String, MostFinalCopy.Kept> acc : accumulators) {
      for (Map.Entry<String, MostFinalCopy.Kept> e : acc.entrySet()) {
        merged.merge(e.getKey(), e.getValue(),
            (a, b) -> ONE.mergeAccumulators(java.util.List.of(a, b)));
      }
    }
    return merged;
  }

  @Override
  public Map<String, MostFinalCopy.Kept> extractOutput(Map<String, MostFinalCopy.Kept> acc) {
    return acc;
  }

  @Override
  public Coder<Map<String, MostFinalCopy.Kept>> getAccumulatorCoder(
      CoderRegistry registry, Coder<WorkflowRun> inputCoder) {
    return coder(inputCoder);
  }

  @Override
  public Coder<Map<String, MostFinalCopy.Kept>> getDefaultOutputCoder(
      CoderRegistry registry, Coder<WorkflowRun> inputCoder) {
    return coder(inputCoder);
  }

  static Coder<Map<String, MostFinalCopy.Kept>> coder(Coder<WorkflowRun> runCoder) {
    return MapCoder.of(StringUtf8Coder.of(), new MostFinalCopy.KeptCoder(runCoder));
  }
}
