package com.amperityworkflowruns.transforms;

import com.amperityworkflowruns.model.TypeStats;
import com.amperityworkflowruns.model.WorkflowRun;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

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
    Coder<Map<String, StatsAccumulator>> byType =
        MapCoder.of(StringUtf8Coder.of(), StatsAccumulatorCoder.of());
    PCollection<TypeStats> stats =
        input
            .apply(perDay ? KEY_BY_DAY_STEP : KEY_STEP, ParDo.of(new PartialStatsFn(perDay)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), byType))
            .apply(COMBINE_STEP, Combine.perKey(new MergeStatsFn()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), byType))
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

  /** The key of the whole range (no day). */
  private static final String RANGE = "";

  /**
   * Folds each bundle's runs into accumulators per day and type and emits one map per day, so
   * the shuffle carries a few accumulators rather than runs, and yields one group per day. Runners
   * may lift combiners themselves; the Direct runner does not, and it copies a key's grouped values
   * on every bundle that adds to them and hands every key its own bundle afterwards, which made a
   * shuffle of whole runs by (day, type) slow.
   */
  static final class PartialStatsFn extends DoFn<WorkflowRun, KV<String, Map<String, StatsAccumulator>>> {
    private final boolean perDay;
    private transient Map<String, Map<String, StatsAccumulator>> partial;

    PartialStatsFn(boolean perDay) {
      this.perDay = perDay;
    }

    @StartBundle
    public void startBundle() {
      partial = new HashMap<>();
    }

    @ProcessElement
    public void processElement(@Element WorkflowRun run) {
      String key = perDay ? run.createdDate : RANGE;
      partial
          .computeIfAbsent(key, k -> new HashMap<>())
          .computeIfAbsent(typeOf(run), t -> new StatsAccumulator())
          .add(run);
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      for (Map.Entry<String, Map<String, StatsAccumulator>> e : partial.entrySet()) {
        context.output(
            KV.of(e.getKey(), e.getValue()),
            GlobalWindow.INSTANCE.maxTimestamp(),
            GlobalWindow.INSTANCE);
      }
      partial = null;
    }
  }

  /** Merges partial per-type accumulators of one key. */
  static final class MergeStatsFn
      extends Combine.CombineFn<
          Map<String, StatsAccumulator>, Map<String, StatsAccumulator>, Map<String, StatsAccumulator>> {
    @Override
    public Map<String, StatsAccumulator> createAccumulator() {
      return new HashMap<>();
    }

    @Override
    public Map<String, StatsAccumulator> addInput(
        Map<String, StatsAccumulator> acc, Map<String, StatsAccumulator> input) {
      for (Map.Entry<String, StatsAccumulator> e : input.entrySet()) {
        acc.computeIfAbsent(e.getKey(), t -> new StatsAccumulator()).merge(e.getValue());
      }
      return acc;
    }

    @Override
    public Map<String, StatsAccumulator> mergeAccumulators(
        Iterable<Map<String, StatsAccumulator>> accumulators) {
      Map<String, StatsAccumulator> merged = new HashMap<>();
      for (Map<String, StatsAccumulator> acc : accumulators) {
        addInput(merged, acc);
      }
      return merged;
    }

    @Override
    public Map<String, StatsAccumulator> extractOutput(Map<String, StatsAccumulator> acc) {
      return acc;
    }

    @Override
    public Coder<Map<String, StatsAccumulator>> getAccumulatorCoder(
        CoderRegistry registry, Coder<Map<String, StatsAccumulator>> inputCoder) {
      return MapCoder.of(StringUtf8Coder.of(), StatsAccumulatorCoder.of());
    }

    @Override
    public Coder<Map<String, StatsAccumulator>> getDefaultOutputCoder(
        CoderRegistry registry, Coder<Map<String, StatsAccumulator>> inputCoder) {
      return MapCoder.of(StringUtf8Coder.of(), StatsAccumulatorCoder.of());
    }
  }

  static final class ToTypeStatsFn
      extends DoFn<KV<String, Map<String, StatsAccumulator>>, TypeStats> {
    @ProcessElement
    public void processElement(
        @Element KV<String, Map<String, StatsAccumulator>> kv, OutputReceiver<TypeStats> out) {
      String date = RANGE.equals(kv.getKey()) ? null : kv.getKey();
      for (Map.Entry<String, StatsAccumulator> e : new TreeMap<>(kv.getValue()).entrySet()) {
        out.output(e.getValue().toTypeStats(date, e.getKey()));
      }
    }
  }
}
