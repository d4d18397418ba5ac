package com.amperityworkflowruns.transforms;

import com.amperityworkflowruns.model.WorkflowRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StructuredCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Combines the copies of one run into the most final one ({@link DeduplicateRuns#preferred}, a
 * total order, so the result is the same in any order and grouping of the copies) and counts the
 * copies. Associative and commutative, so runners apply it before the shuffle (Dataflow's
 * combiner lifting, the Direct runner's multi-step combine): a run read many times crosses the
 * network once per bundle, not once per copy.
 */
final class MostFinalCopy extends Combine.CombineFn<WorkflowRun, MostFinalCopy.Kept, MostFinalCopy.Kept> {
  /** The copy kept so far and how many copies were seen. */
  static final class Kept {
    @Nullable WorkflowRun run;
    long copies;

    Kept(@Nullable WorkflowRun run, long copies) {
      this.run = run;
      this.copies = copies;
    }
  }

  @Override
  public Kept createAccumulator() {
    return new Kept(null, 0);
  }

  @Override
  public Kept addInput(Kept kept, WorkflowRun run) {
    kept.run = kept.run == null ? run : DeduplicateRuns.preferred(kept.run, run);
    kept.copies++;
    return kept;
  }

  @Override
  public Kept mergeAccumulators(Iterable<Kept> accumulators) {
    Kept merged = createAccumulator();
    for (Kept k : accumulators) {
      if (k.run != null) {
        merged.run = merged.run == null ? k.run : DeduplicateRuns.preferred(merged.run, k.run);
      }
      merged.copies += k.copies;
    }
    return merged;
  }

  @Override
  public Kept extractOutput(Kept kept) {
    return kept;
  }

  @Override
  public Coder<Kept> getAccumulatorCoder(CoderRegistry registry, Coder<WorkflowRun> inputCoder) {
    return new KeptCoder(inputCoder);
  }

  @Override
  public Coder<Kept> getDefaultOutputCoder(CoderRegistry registry, Coder<WorkflowRun> inputCoder) {
    return new KeptCoder(inputCoder);
  }

  /** The kept copy (nullable) then the count of copies. */
  static final class KeptCoder extends StructuredCoder<Kept> {
    private final NullableCoder<WorkflowRun> runCoder;

    KeptCoder(Coder<WorkflowRun> runCoder) {
      this.runCoder = NullableCoder.of(runCoder);
    }

    @Override
    public void encode(Kept value, OutputStream out) throws IOException {
      runCoder.encode(value.run, out);
      VarLongCoder.of().encode(value.copies, out);
    }

    @Override
    public Kept decode(InputStream in) throws IOException {
      WorkflowRun run = runCoder.decode(in);
      return new Kept(run, VarLongCoder.of().decode(in));
    }

    @Override
    public List<? extends Coder<?>> getCoderArguments() {
      return List.of(runCoder);
    }

    @Override
    public void verifyDeterministic() throws NonDeterministicException {
      runCoder.verifyDeterministic();
    }
  }
}
