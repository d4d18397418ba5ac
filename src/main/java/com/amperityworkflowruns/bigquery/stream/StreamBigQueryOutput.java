package com.amperityworkflowruns.bigquery.stream;

import com.amperityworkflowruns.bigquery.BigQueryBackend;
import com.amperityworkflowruns.bigquery.BigQueryTables;
import com.amperityworkflowruns.bigquery.DatasetRef;
import com.amperityworkflowruns.bigquery.StreamRows;
import com.amperityworkflowruns.bigquery.StreamSql;
import com.amperityworkflowruns.bigquery.TableSpec;
import com.amperityworkflowruns.model.Reject;
import com.amperityworkflowruns.model.RunState;
import com.amperityworkflowruns.model.ScaledClock;
import com.amperityworkflowruns.model.WindowTypeStats;
import com.amperityworkflowruns.model.WorkflowRun;
import com.amperityworkflowruns.publish.OutputLayout;
import com.google.api.services.bigquery.model.TableRow;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.CreateDisposition;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.Method;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.WriteDisposition;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.TableRowJsonCoder;
import org.apache.beam.sdk.io.gcp.bigquery.WriteResult;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.Impulse;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TupleTag;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * Writes the stream tables to BigQuery with the Storage Write API in its exactly-once mode, and
 * records each statistics window once its rows are committed.
 *
 * <pre>{@code
 * PCollectionTuple.of(StreamBigQueryOutput.RUNS, finished).and(STATS, stats)
 *     .and(REJECTS, rejects).and(POLLS, polls)
 *     .apply("WriteStreamBigQuery", StreamBigQueryOutput.to(dataset, backend, state)
 *         .forJob(jobStartMillis, statsWindowMillis, clock));
 * }</pre>
 *
 * <p>Inputs are in the statistics windows. Steps: {@code FinishedRunRows}/{@code HourlyStatsRows}/
 * {@code StreamRejectRows} build the rows ({@link StreamRows}); {@code WriteFinishedRuns}, {@code
 * WriteHourlyStats}, {@code WriteStreamRejects} append them ({@code STORAGE_WRITE_API}, not
 * at-least-once, {@code CREATE_NEVER}: the launcher created the tables; a row BigQuery refuses
 * fails the job in {@code ...Refused}); {@code CountWindow} sums
 * each window's rows when it closes; {@code AwaitCommits} ({@link WindowCommits}) releases a
 * window once BigQuery reported all its rows written; {@code RecordWindow} ({@link
 * RecordCommittedFn}) checks them in the tables and writes the window's marker below {@code
 * state} ({@code _stream_state/windows/}), as the Parquet stream does.
 */
public final class StreamBigQueryOutput extends PTransform<PCollectionTuple, PDone> {
  private static final long serialVersionUID = 1L;
  /** Finished runs, written to {@code finished_runs}. */
  public static final TupleTag<WorkflowRun> RUNS = new TupleTag<>("bqFinishedRuns");
  /** Statistics per window and type, written to {@code type_stats_hourly}. */
  public static final TupleTag<WindowTypeStats> STATS = new TupleTag<>("bqHourlyStats");
  /** Rejects, written to {@code rejects_stream}. */
  public static final TupleTag<Reject> REJECTS = new TupleTag<>("bqStreamRejects");
  /** The poll windows read, {@code KV(start, end)}: counted in the markers. */
  public static final TupleTag<KV<Long, Long>> POLLS = new TupleTag<>("bqPolls");

  /** How often the Storage Write API streams are flushed (Beam's triggering frequency). */
  static final Duration DEFAULT_TRIGGERING = Duration.standardSeconds(5);
  /** How long a released window may take to show all its rows to a query. */
  static final Duration DEFAULT_COMMIT_WAIT = Duration.standardMinutes(10);

  private final DatasetRef dataset;
  private final BigQueryBackend backend;
  private final OutputLayout state;
  private final long jobStartMillis;
  private final long statsWindowMillis;
  private final ScaledClock clock;
  private final Duration triggering;
  private final long stopAtMillis;
  private final HashSet<Long> skipped;
  private final @Nullable String leaseJobId;

  private StreamBigQueryOutput(DatasetRef dataset, BigQueryBackend backend, OutputLayout state,
      long jobStartMillis, long statsWindowMillis, ScaledClock clock, Duration triggering,
      long stopAtMillis, Set<Long> skipped, @Nullable String leaseJobId) {
    this.dataset = dataset;
    this.backend = backend;
    this.state = state;
    this.jobStartMillis = jobStartMillis;
    this.statsWindowMillis = statsWindowMillis;
    this.clock = clock;
    this.triggering = triggering;
    this.stopAtMillis = stopAtMillis;
    this.skipped = new HashSet<>(skipped);
    this.leaseJobId = leaseJobId;
  }

  /**
   * Writes into {@code dataset} through {@code backend}; markers go below {@code state}, the
   * stream state of one tenant ({@code OutputLayout.of(output, tenant)}), whose tenant every row
   * is filed under and the only one whose rows the markers count.
   */
  public static StreamBigQueryOutput to(
      DatasetRef dataset, BigQueryBackend backend, OutputLayout state) {
    if (dataset == null || backend == null || state == null) {
      throw new IllegalArgumentException("dataset, backend and state are required");
    }
    if (state.tenant() == null) {
      throw new IllegalArgumentException("the stream state must be a tenant's: "
          + "OutputLayout.of(output, tenant), got " + state);
    }
    return new StreamBigQueryOutput(dataset, backend, state, -1, -1, ScaledClock.system(),
        DEFAULT_TRIGGERING, -1, Set.of(), null);
  }

  /** The job's first window start and the statistics window (both required), and its clock. */
  public StreamBigQueryOutput forJob(long jobStartMillis, long statsWindowMillis, ScaledClock c) {
    return new StreamBigQueryOutput(dataset, backend, state, jobStartMillis, statsWindowMillis, c,
        triggering, stopAtMillis, skipped, leaseJobId);
  }

  /** How often Beam flushes the write streams (default 5 s). */
  public StreamBigQueryOutput withTriggeringFrequency(Duration every) {
    return new StreamBigQueryOutput(dataset, backend, state, jobStartMillis, statsWindowMillis,
        clock, every, stopAtMillis, skipped, leaseJobId);
  }

  /**
   * The job's {@code --stopAt}, or null: a stream that stops by itself is held open until its
   * last window is recorded ({@link HoldUntilRecorded}).
   */
  public StreamBigQueryOutput withStopAt(@Nullable Long stopAtMillis) {
    return new StreamBigQueryOutput(dataset, backend, state, jobStartMillis, statsWindowMillis,
        clock, triggering, stopAtMillis == null ? -1 : stopAtMillis, skipped, leaseJobId);
  }

  /**
   * The windows (by start) already recorded by an earlier job of this stream: their rows are not
   * written again and their markers stay as they are.
   */
  public StreamBigQueryOutput skipping(Set<Long> recordedStarts) {
    return new StreamBigQueryOutput(dataset, backend, state, jobStartMillis, statsWindowMillis,
        clock, triggering, stopAtMillis, recordedStarts, leaseJobId);
  }

  /** The job holding the stream lease ({@code StreamLease}), renewed while the job runs; or null. */
  public StreamBigQueryOutput withLease(@Nullable String jobId) {
    return new StreamBigQueryOutput(dataset, backend, state, jobStartMillis, statsWindowMillis,
        clock, triggering, stopAtMillis, skipped, jobId);
  }

  @Override
  public PDone expand(PCollectionTuple input) {
    if (statsWindowMillis <= 0) {
      throw new IllegalArgumentException("forJob(jobStartMillis, statsWindowMillis, clock) is required");
    }
    BarrierCoders.register(input.getPipeline().getCoderRegistry());
    List<TableSpec> specs = BigQueryTables.stream();
    String tenant = state.tenant();
    PCollection<WorkflowRun> runs = unrecorded(input.get(RUNS), "SkipRecordedRuns");
    PCollection<WindowTypeStats> stats = unrecorded(input.get(STATS), "SkipRecordedStats");
    PCollection<Reject> rejects = unrecorded(input.get(REJECTS), "SkipRecordedRejects");
    PCollection<KV<Long, Long>> polls = unrecorded(input.get(POLLS), "SkipRecordedPolls");
    PCollection<TableRow> hold = null;
    if (stopAtMillis >= 0 || leaseJobId != null) {
      PCollection<TableRow> keeper = input.getPipeline()
          .apply("HoldSignal", Impulse.create())
          .apply("HoldUntilRecorded", ParDo.of(new HoldUntilRecorded(state, jobStartMillis,
              stopAtMillis, statsWindowMillis, clock, leaseJobId)))
          .setCoder(TableRowJsonCoder.of());
      if (stopAtMillis >= 0) {
        hold = keeper.apply("HoldInWindows", Window.<TableRow>into(
            (WindowFn<? super TableRow, ?>) runs.getWindowingStrategy().getWindowFn()));
      }
    }
    PCollection<TableRow> runRows = held(runs
        .apply("FinishedRunRows", ParDo.of(new StreamRows.RunRowFn(tenant)))
        .setCoder(TableRowJsonCoder.of()), hold, "FinishedRunRowsHeld");
    PCollection<TableRow> statsRows = held(stats
        .apply("HourlyStatsRows", ParDo.of(new StreamRows.StatsRowFn(tenant)))
        .setCoder(TableRowJsonCoder.of()), hold, "HourlyStatsRowsHeld");
    PCollection<TableRow> rejectRows = held(rejects
        .apply("StreamRejectRows", ParDo.of(new StreamRows.RejectRowFn(tenant)))
        .setCoder(TableRowJsonCoder.of()), hold, "StreamRejectRowsHeld");

    List<PCollection<KV<Long, WindowCommits.Signal>>> signals = new ArrayList<>();
    signals.add(written(runRows, "WriteFinishedRuns", specs, 0));
    signals.add(written(statsRows, "WriteHourlyStats", specs, 1));
    signals.add(written(rejectRows, "WriteStreamRejects", specs, 2));
    signals.add(totals(runs, stats, rejects, polls));

    PCollectionList.of(signals)
        .apply("AllSignals", Flatten.pCollections())
        .setCoder(signalCoder())
        .apply("AwaitCommits", ParDo.of(new WindowCommits.BarrierFn(state, DEFAULT_COMMIT_WAIT)))
        .setCoder(KvCoder.of(VarLongCoder.of(), BarrierCoders.TotalsCoder.of()))
        .apply("RecordWindow", ParDo.of(new RecordCommittedFn(dataset, backend.tables(), state,
            jobStartMillis, statsWindowMillis, clock, DEFAULT_COMMIT_WAIT)));
    return PDone.in(input.getPipeline());
  }

  /** {@code in} without the windows recorded already ({@link #skipping}). */
  private <T> PCollection<T> unrecorded(PCollection<T> in, String step) {
    if (skipped.isEmpty()) {
      return in;
    }
    return in.apply(step, ParDo.of(new WindowSignals.SkipRecordedFn<T>(skipped)))
        .setCoder(in.getCoder());
  }

  /** {@code rows} with the (empty) hold flattened in, so that its watermark is held too. */
  private static PCollection<TableRow> held(
      PCollection<TableRow> rows, @Nullable PCollection<TableRow> hold, String step) {
    if (hold == null) {
      return rows;
    }
    return PCollectionList.of(rows).and(hold).apply(step, Flatten.pCollections())
        .setCoder(TableRowJsonCoder.of());
  }

  private PCollection<KV<Long, WindowCommits.Signal>> written(
      PCollection<TableRow> rows, String step, List<TableSpec> specs, int table) {
    TableSpec spec = specs.get(table);
    BigQueryIO.Write<TableRow> write = BigQueryIO.writeTableRows()
        .to(dataset.table(spec.name()))
        .withSchema(spec.tableSchema())
        .withMethod(Method.STORAGE_WRITE_API)
        .withTriggeringFrequency(triggering)
        .withNumStorageWriteApiStreams(1)
        .withPropagateSuccessfulStorageApiWrites(true)
        .withPropagateSuccessfulStorageApiWrites(onlyColumn(StreamSql.windowField(spec)))
        .withCreateDisposition(CreateDisposition.CREATE_NEVER)
        .withWriteDisposition(WriteDisposition.WRITE_APPEND);
    if (backend.services() != null) {
      write = write.withTestServices(backend.services());
    }
    WriteResult result = rows.apply(step, write);
    result.getFailedStorageApiInserts()
        .apply(step + "Refused", ParDo.of(new WindowSignals.RefusedRowFn(spec.name())));
    return result.getSuccessfulStorageApiInserts()
        .apply(step + "Written", ParDo.of(
            new WindowSignals.WrittenFn(table, StreamSql.windowField(spec), statsWindowMillis)))
        .setCoder(signalCoder());
  }

  /**
   * Only the window column of a written row is passed on (the barrier needs nothing else): rows
   * with their raw JSON are not shuffled just to be counted.
   */
  private static Predicate<String> onlyColumn(String column) {
    return (Serializable & Predicate<String>) c -> c.equals(column);
  }

  private PCollection<KV<Long, WindowCommits.Signal>> totals(PCollection<WorkflowRun> runs,
      PCollection<WindowTypeStats> stats, PCollection<Reject> rejects,
      PCollection<KV<Long, Long>> polls) {
    List<PCollection<WindowTotals>> parts = new ArrayList<>();
    parts.add(counted(runs, "CountRuns", (WorkflowRun r) -> new WindowTotals(0, 0, 1,
        RunState.FAILED.name().equals(r.state) ? 1 : 0, 0, 0, 0)));
    parts.add(counted(stats, "CountStats",
        (WindowTypeStats s) -> new WindowTotals(0, 0, 0, 0, 1, 0, 0)));
    parts.add(counted(rejects, "CountRejects",
        (Reject r) -> new WindowTotals(0, 0, 0, 0, 0, 1, 0)));
    parts.add(counted(polls, "CountPolls",
        (KV<Long, Long> p) -> new WindowTotals(0, 0, 0, 0, 0, 0, 1)));
    return PCollectionList.of(parts)
        .apply("AllCounts", Flatten.pCollections())
        .setCoder(BarrierCoders.TotalsCoder.of())
        .apply("CountWindow", Combine.globally(new WindowSignals.SumFn()).withoutDefaults())
        .setCoder(BarrierCoders.TotalsCoder.of())
        .apply("WindowExpected", ParDo.of(new WindowSignals.ExpectedFn()))
        .setCoder(signalCoder())
        .apply("ExpectedGlobally",
            Window.<KV<Long, WindowCommits.Signal>>into(new GlobalWindows()));
  }

  private static <T> PCollection<WindowTotals> counted(
      PCollection<T> in, String step, SerializableFunction<T, WindowTotals> count) {
    return in.apply(step, ParDo.of(new WindowSignals.CountFn<>(count)))
        .setCoder(BarrierCoders.TotalsCoder.of());
  }

  private static KvCoder<Long, WindowCommits.Signal> signalCoder() {
    return KvCoder.of(VarLongCoder.of(), BarrierCoders.SignalCoder.of());
  }
}
