package com.amperityworkflowruns.transforms;

import com.amperityworkflowruns.model.WorkflowRun;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.TypeDescriptors;
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
  static final String KEY_STEP = "KeyByCreatedDate";
  static final String GROUP_STEP = "GroupByCreatedDate";
  static final String KEEP_STEP = "KeepPreferred";

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
        .apply(KEY_STEP, WithKeys.of((WorkflowRun run) -> run.createdDate)
            .withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), runCoder))
        .apply(GROUP_STEP, GroupByKey.create())
        .apply(KEEP_STEP, ParDo.of(new KeepPreferredFn()))
        .setCoder(runCoder);
  }

  /**
   * Keeps the preferred copy of every id of one created date; counts the copies dropped. Copies of
   * a run share its {@code created_at}, so grouping by date brings them together, and a day's runs
   * fit in memory. Grouping by date rather than by id also keeps the number of groups small: the
   * Direct runner hands every key its own bundle after a shuffle.
   */
  static final class KeepPreferredFn
      extends DoFn<KV<String, Iterable<WorkflowRun>>, WorkflowRun> {
    private final Counter duplicates = Metrics.counter(Names.NAMESPACE, Names.DUPLICATES_REMOVED);

    @ProcessElement
    public void processElement(
        @Element KV<String, Iterable<WorkflowRun>> bucket, OutputReceiver<WorkflowRun> out) {
      Map<String, WorkflowRun> kept = new HashMap<>();
      long seen = 0;
      for (WorkflowRun run : bucket.getValue()) {
        seen++;
        kept.merge(run.runId, run, DeduplicateRuns::preferred);
      }
      duplicates.inc(seen - kept.size());
      for (WorkflowRun run : kept.values()) {
        out.output(run);
      }
    }
  }
}
