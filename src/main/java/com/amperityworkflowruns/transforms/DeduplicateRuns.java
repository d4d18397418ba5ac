package com.amperityworkflowruns.transforms;

import com.amperityworkflowruns.model.WorkflowRun;
import java.util.Comparator;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Keeps one row per {@code runId}: the most final version of the run.
 *
 * <p>The same run can be read twice (overlapping time shards, re-reads of recent days, retried
 * pages) and in different states. {@link #preferred} is a total order, so the row kept does not
 * depend on the order in which the copies arrive. Counter {@code amperity/duplicates_removed}.
 */
public final class DeduplicateRuns
    extends PTransform<PCollection<WorkflowRun>, PCollection<WorkflowRun>> {
  static final String KEY_STEP = "KeyByRunId";
  static final String COMBINE_STEP = "KeepPreferred";
  static final String VALUES_STEP = "DropKeys";

  /** Terminal first, then later endedAt (null loses), later createdAt, greater rawJson. */
  private static final Comparator<WorkflowRun> PREFERENCE =
      Comparator.<WorkflowRun>comparingInt(r -> r.isTerminal ? 1 : 0)
          .thenComparing(r -> r.endedAtMicros, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparingLong(r -> r.createdAtMicros)
          .thenComparing(r -> r.rawJson);

  /** Creates the transform. */
  public DeduplicateRuns() {}

  /**
   * Returns the copy of a run to keep: terminal over non-terminal, then the later {@code
   * endedAt} (a missing one loses), then the later {@code createdAt}, then the lexicographically
   * greater {@code rawJson}; {@code a} when they tie on all four.
   */
  public static WorkflowRun preferred(WorkflowRun a, WorkflowRun b) {
    return PREFERENCE.compare(a, b) >= 0 ? a : b;
  }

  @Override
  public PCollection<WorkflowRun> expand(PCollection<WorkflowRun> input) {
    Coder<WorkflowRun> runCoder = input.getCoder();
    return input
        .apply(KEY_STEP, ParDo.of(new KeyByRunIdFn()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), runCoder))
        .apply(COMBINE_STEP, Combine.perKey(new PreferredFn()))
        .apply(VALUES_STEP, ParDo.of(new DropKeysFn()))
        .setCoder(runCoder);
  }

  /** Binary, so runners may combine copies before the shuffle. */
  static final class PreferredFn extends Combine.BinaryCombineFn<WorkflowRun> {
    @Override
    public WorkflowRun apply(WorkflowRun left, WorkflowRun right) {
      return preferred(left, right);
    }
  }

  /**
   * Counts every input up; {@link DropKeysFn} counts every output down, so the counter ends at
   * inputs minus outputs. Counting inside the combine fn would depend on runner support for
   * metrics in combiners.
   */
  static final class KeyByRunIdFn extends DoFn<WorkflowRun, KV<String, WorkflowRun>> {
    private final Counter duplicates = Metrics.counter(Names.NAMESPACE, Names.DUPLICATES_REMOVED);

    @ProcessElement
    public void processElement(@Element WorkflowRun run, OutputReceiver<KV<String, WorkflowRun>> out) {
      duplicates.inc();
      out.output(KV.of(run.runId, run));
    }
  }

  static final class DropKeysFn extends DoFn<KV<String, WorkflowRun>, WorkflowRun> {
    private final Counter duplicates = Metrics.counter(Names.NAMESPACE, Names.DUPLICATES_REMOVED);

    @ProcessElement
    public void processElement(@Element KV<String, WorkflowRun> kv, OutputReceiver<WorkflowRun> out) {
      duplicates.dec();
      out.output(kv.getValue());
    }
  }
}
