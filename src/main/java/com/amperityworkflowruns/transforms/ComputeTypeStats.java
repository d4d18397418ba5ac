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
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Computes reliability statistics per workflow type: one {@link TypeStats} per (created date,
 * type), and with {@link #withSummary()} also one per type over the whole input (created date
 * null), merged from the per-day accumulators rather than computed by a second pass over the runs.
 *
 * <pre>{@code
 * PCollection<TypeStats> daily = runs.apply("ComputeTypeStats", new ComputeTypeStats());
 * PCollectionTuple both = runs.apply("ComputeTypeStats", ComputeTypeStats.withSummary());
 * PCollection<TypeStats> summary = both.get(ComputeTypeStats.SUMMARY);
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
  static final String COMBINE_STEP = "CombineStats";
  static final String ROW_STEP = "ToTypeStats";
  static final String RANGE_KEY_STEP = "KeyDaysByRange";
  static final String MERGE_DAYS_STEP = "MergeDays";
  static final String SUMMARY_ROW_STEP = "ToSummaryStats";

  /** The per-day rows of {@link #withSummary()}. */
  public static final TupleTag<TypeStats> DAILY = new TupleTag<TypeStats>("daily") {};
  /** The whole-range rows of {@link #withSummary()} ({@code createdDate} null). */
  public static final TupleTag<TypeStats> SUMMARY = new TupleTag<TypeStats>("summary") {};

  /** Statistics per (createdDate, type). */
  public ComputeTypeStats() {}

  /**
   * Statistics per (createdDate, type) under {@link #DAILY}, and per type over the whole input
   * under {@link #SUMMARY} (the console summary), merged from the per-day accumulators.
   */
  public static PTransform<PCollection<WorkflowRun>, PCollectionTuple> withSummary() {
    return new PTransform<PCollection<WorkflowRun>, PCollectionTuple>() {
      @Override
      public PCollectionTuple expand(PCollection<WorkflowRun> input) {
        PCollection<KV<String, Map<String, StatsAccumulator>>> days = dailyAccumulators(input);
        PCollection<TypeStats> summary =
            days.apply(RANGE_KEY_STEP, ParDo.of(new KeyByRangeFn()))
                .setCoder(accumulatorsCoder())
                .apply(MERGE_DAYS_STEP, Combine.perKey(new MergeStatsFn()))
                .setCoder(accumulatorsCoder())
                .apply(SUMMARY_ROW_STEP, ParDo.of(new ToTypeStatsFn()));
        return PCollectionTuple.of(DAILY, rows(days, input))
            .and(SUMMARY, summary.setCoder(schemaCoder(input)));
      }
    };
  }

  @Override
  public PCollection<TypeStats> expand(PCollection<WorkflowRun> input) {
    return rows(dailyAccumulators(input), input);
  }

  /** Each day's accumulators per type, combined from per-bundle partials. */
  private static PCollection<KV<String, Map<String, StatsAccumulator>>> dailyAccumulators(
      PCollection<WorkflowRun> input) {
    return input
        .apply(KEY_BY_DAY_STEP, ParDo.of(new PartialStatsFn(true)))
        .setCoder(accumulatorsCoder())
        .apply(COMBINE_STEP, Combine.perKey(new MergeStatsFn()))
        .setCoder(accumulatorsCoder());
  }

  private static PCollection<TypeStats> rows(
      PCollection<KV<String, Map<String, StatsAccumulator>>> days, PCollection<WorkflowRun> input) {
    return days.apply(ROW_STEP, ParDo.of(new ToTypeStatsFn())).setCoder(schemaCoder(input));
  }

  private static KvCoder<String, Map<String, StatsAccumulator>> accumulatorsCoder() {
    return KvCoder.of(StringUtf8Coder.of(), MapCoder.of(StringUtf8Coder.of(), StatsAccumulatorCoder.of()));
  }

  private static Coder<TypeStats> schemaCoder(PCollection<?> input) {
    try {
      return input.getPipeline().getSchemaRegistry().getSchemaCoder(TypeStats.class);
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException("TypeStats must carry @DefaultSchema", e);
    }
  }

  /** Re-keys a day's accumulators to the whole range, to be merged with the other days'. */
  static final class KeyByRangeFn
      extends DoFn<KV<String, Map<String, StatsAccumulator>>, KV<String, Map<String, StatsAccumulator>>> {
    @ProcessElement
    public void processElement(
        @Element KV<String, Map<String, StatsAccumulator>> day,
        OutputReceiver<KV<String, Map<String, StatsAccumulator>>> out) {
      out.output(KV.of(RANGE, day.getValue()));
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
