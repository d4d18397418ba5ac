package com.amperityworkflowruns.transforms;

import com.amperityworkflowruns.model.RawRun;
import com.amperityworkflowruns.model.Reject;
import com.amperityworkflowruns.model.WorkflowRun;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Normalizes raw API records into {@link WorkflowRun}s, routing records that cannot be normalized
 * to a rejects output instead of failing the job.
 *
 * <pre>{@code
 * PCollectionTuple out = raw.apply("NormalizeRuns", new NormalizeRuns());
 * PCollection<WorkflowRun> runs = out.get(NormalizeRuns.RUNS);
 * PCollection<Reject> rejects = out.get(NormalizeRuns.REJECTS);
 * }</pre>
 *
 * <p>Counters (namespace {@code amperity}): {@code runs_normalized}, {@code rejects}, {@code
 * unknown_states} (runs whose state is missing or spelled in a way never seen before; the raw value
 * is kept in {@code stateRaw}). Both outputs carry schema coders.
 */
public final class NormalizeRuns extends PTransform<PCollection<RawRun>, PCollectionTuple> {
  /** Normalized runs. */
  public static final TupleTag<WorkflowRun> RUNS = new TupleTag<WorkflowRun>("runs") {};
  /** Records that could not be normalized, with the reason and the raw JSON. */
  public static final TupleTag<Reject> REJECTS = new TupleTag<Reject>("rejects") {};

  /** Name of the inner ParDo step. */
  static final String NORMALIZE_STEP = "Normalize";

  /** Creates the transform. */
  public NormalizeRuns() {}

  @Override
  public PCollectionTuple expand(PCollection<RawRun> input) {
    PCollectionTuple out =
        input.apply(
            NORMALIZE_STEP,
            ParDo.of(new NormalizeFn()).withOutputTags(RUNS, TupleTagList.of(REJECTS)));
    SchemaRegistry schemas = input.getPipeline().getSchemaRegistry();
    try {
      out.get(RUNS).setCoder(schemas.getSchemaCoder(WorkflowRun.class));
      out.get(REJECTS).setCoder(schemas.getSchemaCoder(Reject.class));
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException("WorkflowRun and Reject must carry @DefaultSchema", e);
    }
    return out;
  }
}
