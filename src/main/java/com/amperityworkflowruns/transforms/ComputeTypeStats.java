package com.amperityworkflowruns.transforms;

import com.amperityworkflowruns.model.TypeStats;
import com.amperityworkflowruns.model.WorkflowRun;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
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
            .apply(perDay ? KEY_BY_DAY_STEP : KEY_STEP, ParDo.of(new PartialStatsFn(perDay)))
            .setCoder(KvCoder.of(keyCoder, StatsAccumulatorCoder.of()))
            .apply(COMBINE_STEP, Combine.perKey(new MergeStatsFn()))
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

  /**
   * Folds each bundle's runs into one accumulator per key and emits those, so the shuffle carries
   * accumulators rather than runs. Runners may lift combiners themselves; the Direct runner does
   * not, and it copies a key's grouped values on every bundle that adds to them, which made a
   * shuffle of whole runs quadratic in the input.
   */
  static final class PartialStatsFn
      extends DoFn<WorkflowRun, KV<KV<@Nullable String, String>, StatsAccumulator>> {
    private final boolean perDay;
    private transient Map<KV<@Nullable String, String>, StatsAccumulator> partial;

    PartialStatsFn(boolean perDay) {
      this.perDay = perDay;
    }

    @StartBundle
    public void startBundle() {
      partial = new HashMap<>();
    }

    @ProcessElement
    public void processElement(@Element WorkflowRun run) {
      String date = perDay ? run.createdDate : null;
      partial.computeIfAbsent(KV.of(date, typeOf(run)), k -> new StatsAccumulator()).add(run);
    }

    @FinishBundle
    public void finishBundle(
        FinishBundleContext context) {
      for (Map.Entry<KV<@Nullable String, String>, StatsAccumulator> e : partial.entrySet()) {
        context.output(
            KV.of(e.getKey(), e.getValue()), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
      }
      partial = null;
    }
  }

  /** Merges partial accumulators of one key. */
  static final class MergeStatsFn
      extends Combine.CombineFn<StatsAccumulator, StatsAccumulator, StatsAccumulator> {
    @Override
    public StatsAccumulator createAccumulator() {
      return new StatsAccumulator();
    }

    @Override
    public StatsAccumulator addInput(StatsAccumulator acc, StatsAccumulator input) {
      return acc.merge(input);
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
        CoderRegistry registry, Coder<StatsAccumulator> inputCoder) {
      return StatsAccumulatorCoder.of();
    }

    @Override
    public Coder<StatsAccumulator> getDefaultOutputCoder(
        CoderRegistry registry, Coder<StatsAccumulator> inputCoder) {
      return StatsAccumulatorCoder.of();
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
