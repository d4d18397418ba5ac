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
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Keeps one row per {@code runId}: the most final version of the run.
 *
 * <p>The same run can be read twice (overlapping time shards, re-reads of recent days, retried
 * pages) and in different states. The copies of a run are combined per run id with {@link
 * MostFinalCopy}, {@code Combine.perKey} with the total order {@link #preferred}: the row kept
 * does not depend on the order in which the copies arrive, runners combine before the shuffle, no
 * worker holds more than one run per key, and parallelism is the number of runs, so a busy day is
 * not a hot key. On the Direct runner, which hands each key of a combine its own bundle, the key
 * is the created day instead ({@link MostFinalCopiesByDay}, the same order per run). Counter
 * {@code amperity/duplicates_removed}.
 */
public final class DeduplicateRuns
    extends PTransform<PCollection<WorkflowRun>, PCollection<WorkflowRun>> {
  static final String KEY_STEP = "KeyByDayAndRunId";
  static final String KEY_BY_DAY_STEP = "KeyByCreatedDate";
  static final String COMBINE_STEP = "KeepMostFinalCopy";
  static final String EMIT_STEP = "EmitKeptRuns";

  /** Terminal first, then later endedAt (null loses), later createdAt, greater rawJson. */
  private static final Comparator<WorkflowRun> PREFERENCE =
      Comparator.<WorkflowRun>comparingInt(r -> r.isTerminal ? 1 : 0)
          .thenComparing(r -> r.endedAtMicros, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparingLong(r -> r.createdAtMicros)
          .thenComparing(r -> r.rawJson);

  private final boolean keyedByRunId;

  /**
   * Deduplicates keyed by run id; on the Direct runner keyed by created day instead (see {@link
   * MostFinalCopiesByDay}), with the same combiner per run.
   */
  public DeduplicateRuns() {
    this(false);
  }

  private DeduplicateRuns(boolean keyedByRunId) {
    this.keyedByRunId = keyedByRunId;
  }

  /** Keyed by run id on every runner, the Direct runner included (tests of the Dataflow path). */
  static DeduplicateRuns keyedByRunId() {
    return new DeduplicateRuns(true);
  }

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
    String runner = input.getPipeline().getOptions().getRunner() == null
        ? "" : input.getPipeline().getOptions().getRunner().getSimpleName();
    if (keyedByRunId || !runner.contains("Direct")) {
      return input
          .apply(KEY_STEP, WithKeys.of(DeduplicateRuns::runKey)
              .withKeyType(TypeDescriptors.strings()))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), runCoder))
          .apply(COMBINE_STEP, Combine.perKey(new MostFinalCopy()))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), new MostFinalCopy.KeptCoder(runCoder)))
          .apply(EMIT_STEP, ParDo.of(new EmitKeptFn()))
          .setCoder(runCoder);
    }
    // The Direct runner: one key per created day (copies of a run share its created_at)
    return input
        .apply(KEY_BY_DAY_STEP, WithKeys.of((WorkflowRun run) -> run.createdDate)
            .withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), runCoder))
        .apply(COMBINE_STEP, Combine.perKey(new MostFinalCopiesByDay()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), MostFinalCopiesByDay.coder(runCoder)))
        .apply(EMIT_STEP, ParDo.of(new EmitKeptOfDayFn()))
        .setCoder(runCoder);
  }

  /** Emits each run's kept copy of a day; counts the copies dropped. */
  static final class EmitKeptOfDayFn
      extends DoFn<KV<String, java.util.Map<String, MostFinalCopy.Kept>>, WorkflowRun> {
    private final Counter duplicates = Metrics.counter(Names.NAMESPACE, Names.DUPLICATES_REMOVED);
    private final Counter deduplicated = Metrics.counter(Names.NAMESPACE, Names.RUNS_DEDUPLICATED);

    @ProcessElement
    public void processElement(
        @Element KV<String, java.util.Map<String, MostFinalCopy.Kept>> day,
        OutputReceiver<WorkflowRun> out) {
      for (MostFinalCopy.Kept kept : day.getValue().values()) {
        duplicates.inc(kept.copies - 1);
        deduplicated.inc();
        out.output(kept.run);
      }
    }
  }

  /**
   * The key of a run's copies: its created day and id. Copies of a run share its {@code
   * created_at}; should it ever change between reads, the run is kept once per created day, as on
   * the Direct runner's path, so that every runner writes the same rows.
   */
  static String runKey(WorkflowRun run) {
    return run.createdDate + "/" + run.runId;
  }

  /** Emits each run's kept copy; counts the copies dropped. */
  static final class EmitKeptFn extends DoFn<KV<String, MostFinalCopy.Kept>, WorkflowRun> {
    private final Counter duplicates = Metrics.counter(Names.NAMESPACE, Names.DUPLICATES_REMOVED);
    private final Counter deduplicated = Metrics.counter(Names.NAMESPACE, Names.RUNS_DEDUPLICATED);

    @ProcessElement
    public void processElement(
        @Element KV<String, MostFinalCopy.Kept> kept, OutputReceiver<WorkflowRun> out) {
      duplicates.inc(kept.getValue().copies - 1);
      deduplicated.inc();
      out.output(kept.getValue().run);
    }
  }
}
