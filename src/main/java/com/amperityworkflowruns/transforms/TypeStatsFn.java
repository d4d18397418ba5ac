package com.amperityworkflowruns.transforms;

import com.amperityworkflowruns.model.WorkflowRun;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine;

/** Folds runs into a {@link StatsAccumulator}; the row is built once the key is known. */
final class TypeStatsFn extends Combine.CombineFn<WorkflowRun, StatsAccumulator, StatsAccumulator> {
  @Override
  public StatsAccumulator createAccumulator() {
    return new StatsAccumulator();
  }

  @Override
  public StatsAccumulator addInput(StatsAccumulator acc, WorkflowRun run) {
    return acc.add(run);
  }

  @Override
  public StatsAccumulator mergeAccumulators(Iterable<StatsAccumulator> accumulators) {
    StatsAccumulator merged = new StatsAccumulator();
    for (StatsAccumulator acc : accumulators) {
      merged.merge(acc);
    }
    return merged;
  }

  @Override
  public StatsAccumulator extractOutput(StatsAccumulator acc) {
    return acc;
  }

  @Override
  public Coder<StatsAccumulator> getAccumulatorCoder(
      CoderRegistry registry, Coder<WorkflowRun> inputCoder) {
    return StatsAccumulatorCoder.of();
  }

  @Override
  public Coder<StatsAccumulator> getDefaultOutputCoder(
      CoderRegistry registry, Coder<WorkflowRun> inputCoder) {
    return StatsAccumulatorCoder.of();
  }
}
