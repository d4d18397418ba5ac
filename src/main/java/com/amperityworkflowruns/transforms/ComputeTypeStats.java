package com.amperityworkflowruns.transforms;

import com.amperityworkflowruns.model.TypeStats;
import com.amperityworkflowruns.model.WorkflowRun;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Computes reliability statistics per workflow type: one {@link TypeStats} per (created date,
 * type), or with {@link #overRange()} one per type over the whole input (created date null).
 *
 * <pre>{@code
 * PCollection<TypeStats> daily = runs.apply("ComputeTypeStats", new ComputeTypeStats());
 * PCollection<TypeStats> summary = runs.apply("ComputeRangeStats", ComputeTypeStats.overRange());
 * }</pre>
 *
 * <p>Feed it de-duplicated runs ({@link DeduplicateRuns}): a run read twice would count twice. A
 * run without a {@code type} is counted under type {@value #UNKNOWN_TYPE}. Percentiles are exact,
 * so each key's accumulator holds all its durations (8 bytes per terminal run).
 */
public final class ComputeTypeStats extends PTransform<PCollection<WorkflowRun>, PCollection<TypeStats>> {
  /** The type under which runs without a {@code type} are counted. */
  public static final String UNKNOWN_TYPE = "unknown";

  static final String KEY_BY_DAY_STEP = "KeyByDateAndType";
  static final String KEY_STEP = "KeyByType";
  static final String COMBINE_STEP = "CombineStats";
  static final String ROW_STEP = "ToTypeStats";

  private final boolean perDay;

  private ComputeTypeStats(boolean perDay) {
    this.perDay = perDay;
  }

  /** Statistics per (createdDate, type). */
  public ComputeTypeStats() {
    this(true);
  }

  /** Statistics per type over the whole input, with {@code createdDate} null: the console summary. */
  public static ComputeTypeStats overRange() {
    return new ComputeTypeStats(false);
  }

  @Override
  public PCollection<TypeStats> expand(PCollection<WorkflowRun> input) {
    KvCoder<@Nullable String, String> keyCoder =
        KvCoder.of(NullableCoder.of(StringUtf8Coder.of()), StringUtf8Coder.of());
    PCollection<TypeStats> stats =
        input
            .apply(perDay ? KEY_BY_DAY_STEP : KEY_STEP, ParDo.of(new KeyFn(perDay)))
            .setCoder(KvCoder.of(keyCoder, input.getCoder()))
            .apply(COMBINE_STEP, Combine.perKey(new TypeStatsFn()))
            .setCoder(KvCoder.of(keyCoder, StatsAccumulatorCoder.of()))
            .apply(ROW_STEP, ParDo.of(new ToTypeStatsFn()));
    try {
      return stats.setCoder(input.getPipeline().getSchemaRegistry().getSchemaCoder(TypeStats.class));
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException("TypeStats must carry @DefaultSchema", e);
    }
  }

  /** The type a run is counted under. */
  static String typeOf(WorkflowRun run) {
    return run.type == null ? UNKNOWN_TYPE : run.type;
  }

  static final class KeyFn extends DoFn<WorkflowRun, KV<KV<@Nullable String, String>, WorkflowRun>> {
    private final boolean perDay;

    KeyFn(boolean perDay) {
      this.perDay = perDay;
    }

    @ProcessElement
    public void processElement(
        @Element WorkflowRun run, OutputReceiver<KV<KV<@Nullable String, String>, WorkflowRun>> out) {
      String date = perDay ? run.createdDate : null;
      out.output(KV.of(KV.of(date, typeOf(run)), run));
    }
  }

  static final class ToTypeStatsFn
      extends DoFn<KV<KV<@Nullable String, String>, StatsAccumulator>, TypeStats> {
    @ProcessElement
    public void processElement(
        @Element KV<KV<@Nullable String, String>, StatsAccumulator> kv,
        OutputReceiver<TypeStats> out) {
      out.output(kv.getValue().toTypeStats(kv.getKey().getKey(), kv.getKey().getValue()));
    }
  }
}
