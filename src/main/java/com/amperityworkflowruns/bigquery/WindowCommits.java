package com.amperityworkflowruns.bigquery;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.beam.sdk.coders.SerializableCoder;
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
 * when the extra row is reported within an hour after the window was released.
 */
final class WindowCommits {
  /** The stream tables, in the order of the counts: finished_runs, type_stats_hourly, rejects. */
  static final int TABLES = 3;

  private WindowCommits() {}

  /** Either a window's totals (when it closed) or one row written to table {@code table}. */
  static final class Signal implements Serializable {
    private static final long serialVersionUID = 1L;
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

  /** The state of one window at the barrier. */
  static final class Progress implements Serializable {
    private static final long serialVersionUID = 1L;
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

  /** Releases each window once all its rows were written; keyed by the window's start. */
  static final class BarrierFn extends DoFn<KV<Long, Signal>, KV<Long, WindowTotals>> {
    /** How long a released window's counts are kept to catch rows reported after it. */
    static final Duration KEEP_RELEASED = Duration.standardHours(1);

    @StateId("progress")
    private final StateSpec<ValueState<Progress>> progressSpec =
        StateSpecs.value(SerializableCoder.of(Progress.class));

    @TimerId("forget")
    private final TimerSpec forgetSpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

    @ProcessElement
    public void process(
        @Element KV<Long, Signal> signal,
        @StateId("progress") ValueState<Progress> state,
        @TimerId("forget") Timer forget,
        OutputReceiver<KV<Long, WindowTotals>> out) {
      Progress p = state.read();
      if (p == null) {
        p = new Progress();
      }
      Signal s = signal.getValue();
      if (s.expected != null) {
        p.expected = s.expected;
      } else {
        p.written[s.table]++;
      }
      if (p.expected != null) {
        long[] want = p.expected.perTable();
        for (int t = 0; t < TABLES; t++) {
          if (p.written[t] > want[t]) {
            throw new IllegalStateException("window " + p.expected + ": BigQuery reported more rows"
                + " written than the window holds (" + p + "); refusing to record it");
          }
        }
      }
      if (!p.released && p.complete()) {
        out.output(KV.of(signal.getKey(), p.expected));
        p.released = true;
        forget.offset(KEEP_RELEASED).setRelative();
      }
      state.write(p);
    }

    @OnTimer("forget")
    public void onForget(@StateId("progress") ValueState<Progress> state) {
      state.clear();
    }
  }
}
