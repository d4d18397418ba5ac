package com.amperityworkflowruns.bigquery.stream;

import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.sink.StreamProgress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * The barrier between the Storage Write API and the window markers. {@code BigQueryIO} moves its
 * input into the global window, so its {@code WriteResult} cannot be waited on per statistics
 * window with {@code Wait.on}; instead each row it reports as written ({@code
 * getSuccessfulStorageApiInserts}) is counted against its window's totals, keyed by the window's
 * start. A window is released once every table has been sent exactly its rows: then, and only
 * then, may its marker be written (after {@link RecordCommittedFn} has seen the rows in the
 * tables). More rows than expected mean a doubled row: the job fails rather than record it, also
 * when the extra row is reported within an hour after the window was released (then the window's
 * marker is removed first).
 */
final class WindowCommits {
  /** The stream tables, in the order of the counts: finished_runs, type_stats_hourly, rejects. */
  static final int TABLES = 3;

  private WindowCommits() {}

  /**
   * Either a window's totals (when it closed) or one row written to table {@code table}; shuffled
   * as {@link BarrierCoders.SignalCoder}.
   */
  static final class Signal {
    final @Nullable WindowTotals expected;
    final int table;

    private Signal(@Nullable WindowTotals expected, int table) {
      this.expected = expected;
      this.table = table;
    }

    static Signal expected(WindowTotals totals) {
      return new Signal(totals, -1);
    }

    static Signal written(int table) {
      return new Signal(null, table);
    }
  }

  /** The state of one window at the barrier; kept as {@link BarrierCoders.ProgressCoder}. */
  static final class Progress {
    @Nullable WindowTotals expected;
    final long[] written = new long[TABLES];
    /** Released already: kept for a while, so that a row reported late still fails the job. */
    boolean released;

    boolean complete() {
      return expected != null && Arrays.equals(written, expected.perTable());
    }

    @Override
    public String toString() {
      return "written " + Arrays.toString(written) + " of "
          + (expected == null ? "(window not closed yet)" : Arrays.toString(expected.perTable()));
    }
  }

  /**
   * Releases each window once all its rows were written; keyed by the window's start. A window
   * whose rows are not all reported within {@code maxWait} after it closed fails the job, as does
   * a row more than the window holds; a row reported after the window was released (and maybe
   * recorded) first removes the window's marker, so that {@code --followFrom=resume} reads it
   * again. On Dataflow's streaming engine a failing key is retried forever: each failure counts
   * {@code stream_windows_stuck}.
   */
  static final class BarrierFn extends DoFn<KV<Long, Signal>, KV<Long, WindowTotals>> {
    /** How long a released window's counts are kept to catch rows reported after it. */
    static final Duration KEEP_RELEASED = Duration.standardHours(1);

    private final OutputLayout state;
    private final Duration maxWait;
    private final Counter stuck = Metrics.counter("amperity", "stream_windows_stuck");

    BarrierFn(OutputLayout state, Duration maxWait) {
      this.state = state;
      this.maxWait = maxWait;
    }

    @StateId("progress")
    private final StateSpec<ValueState<Progress>> progressSpec =
        StateSpecs.value(BarrierCoders.ProgressCoder.of());

    @TimerId("forget")
    private final TimerSpec forgetSpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

    @TimerId("deadline")
    private final TimerSpec deadlineSpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

    @ProcessElement
    public void process(
        @Element KV<Long, Signal> signal,
        @StateId("progress") ValueState<Progress> progress,
        @TimerId("forget") Timer forget,
        @TimerId("deadline") Timer deadline,
        OutputReceiver<KV<Long, WindowTotals>> out) {
      Progress p = progress.read();
      if (p == null) {
        p = new Progress();
      }
      Signal s = signal.getValue();
      if (s.expected != null) {
        p.expected = s.expected;
        deadline.offset(maxWait).setRelative();
      } else {
        p.written[s.table]++;
      }
      if (p.expected != null) {
        long[] want = p.expected.perTable();
        for (int t = 0; t < TABLES; t++) {
          if (p.written[t] > want[t]) {
            stuck.inc();
            if (p.released) {
              forgetMarker(p.expected);
              throw new IllegalStateException("window " + p.expected + " was released (and maybe"
                  + " recorded), then BigQuery reported one more row written than the window"
                  + " holds (" + p + "): a doubled row; its marker was removed, so"
                  + " --followFrom=resume deletes and reads the window again");
            }
            throw new IllegalStateException("window " + p.expected + ": BigQuery reported more"
                + " rows written than the window holds (" + p + "); refusing to record it");
          }
        }
      }
      if (!p.released && p.complete()) {
        out.output(KV.of(signal.getKey(), p.expected));
        p.released = true;
        forget.offset(KEEP_RELEASED).setRelative();
      }
      progress.write(p);
    }

    private void forgetMarker(WindowTotals w) {
      try {
        StreamProgress.forget(state, java.time.Instant.ofEpochMilli(w.startMillis),
            java.time.Instant.ofEpochMilli(w.startMillis + 1));
      } catch (IOException e) {
        throw new UncheckedIOException("window " + w + ": a doubled row was reported after it was"
            + " released, and its marker in " + state.root() + " cannot be removed; delete it by"
            + " hand before --followFrom=resume", e);
      }
    }

    @OnTimer("deadline")
    public void onDeadline(@StateId("progress") ValueState<Progress> progress) {
      Progress p = progress.read();
      if (p != null && p.expected != null && !p.released) {
        stuck.inc();
        throw new IllegalStateException("window " + p.expected + ": " + maxWait + " after it"
            + " closed, BigQuery has reported only some of its rows (" + p + "); the window is"
            + " not recorded, so --followFrom=resume reads it again");
      }
    }

    @OnTimer("forget")
    public void onForget(@StateId("progress") ValueState<Progress> progress) {
      progress.clear();
    }
  }
}
