package com.amperityworkflowruns.bigquery.stream;

import com.amperityworkflowruns.bigquery.BigQueryTables;
import com.amperityworkflowruns.bigquery.DatasetRef;
import com.amperityworkflowruns.bigquery.TableSpec;
import com.amperityworkflowruns.bigquery.TableStore;
import com.amperityworkflowruns.bigquery.TableStoreException;
import com.amperityworkflowruns.model.ScaledClock;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.sink.StreamProgress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.coders.VarLongCoder;
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
import org.joda.time.Duration;

/**
 * Records a window released by the barrier, once a query sees exactly its rows in each stream
 * table (the rows of the tenant of {@code state}: other tenants' streams write the same tables). The Storage Write API reports a row when it is appended to a buffered stream, and Beam
 * flushes (commits) the stream in a later step; so until the rows are visible the window waits in
 * state and is checked again by a processing-time timer (after 1 s, doubling to 10 s; no thread
 * sleeps), for at most {@code maxWait}. More rows than the window holds fail the job (a doubled
 * row); rows still missing after {@code maxWait} fail it too. Either way no marker is written, so
 * {@code --followFrom=resume} reads the window again. Keyed by the window's start. On Dataflow's
 * streaming engine a failing key is retried forever (the job does not fail, a drain does not
 * finish): each failure counts {@code stream_windows_stuck}.
 */
final class RecordCommittedFn extends DoFn<KV<Long, WindowTotals>, Void> {
  private static final long FIRST_RECHECK_MILLIS = 1000;
  private static final long MAX_RECHECK_MILLIS = 10_000;

  private final DatasetRef dataset;
  private final TableStore.Factory tables;
  private final OutputLayout state;
  private final long jobStartMillis;
  private final long statsWindowMillis;
  private final ScaledClock clock;
  private final Duration maxWait;
  private final Counter closed = Metrics.counter("amperity", "windows_closed");
  private final Counter rechecks = Metrics.counter("amperity", "commit_rechecks");
  private final Counter stuck = Metrics.counter("amperity", "stream_windows_stuck");
  private transient TableStore store;

  @StateId("window")
  private final StateSpec<ValueState<WindowTotals>> windowSpec =
      StateSpecs.value(BarrierCoders.TotalsCoder.of());

  /** Real milliseconds waited so far (the sum of the recheck delays). */
  @StateId("waited")
  private final StateSpec<ValueState<Long>> waitedSpec = StateSpecs.value(VarLongCoder.of());

  @TimerId("recheck")
  private final TimerSpec recheckSpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

  RecordCommittedFn(DatasetRef dataset, TableStore.Factory tables, OutputLayout state,
      long jobStartMillis, long statsWindowMillis, ScaledClock clock, Duration maxWait) {
    this.dataset = dataset;
    this.tables = tables;
    this.state = state;
    this.jobStartMillis = jobStartMillis;
    this.statsWindowMillis = statsWindowMillis;
    this.clock = clock;
    this.maxWait = maxWait;
  }

  @Setup
  public void setup() throws TableStoreException {
    store = tables.open();
  }

  @ProcessElement
  public void process(
      @Element KV<Long, WindowTotals> element,
      @StateId("window") ValueState<WindowTotals> window,
      @StateId("waited") ValueState<Long> waited,
      @TimerId("recheck") Timer recheck)
      throws TableStoreException {
    WindowTotals w = element.getValue();
    if (recordIfVisible(w, 0)) {
      return;
    }
    window.write(w);
    waited.write(FIRST_RECHECK_MILLIS);
    recheck.offset(Duration.millis(FIRST_RECHECK_MILLIS)).setRelative();
  }

  @OnTimer("recheck")
  public void onRecheck(
      @StateId("window") ValueState<WindowTotals> window,
      @StateId("waited") ValueState<Long> waited,
      @TimerId("recheck") Timer recheck)
      throws TableStoreException {
    WindowTotals w = window.read();
    long waitedMillis = waited.read() == null ? 0 : waited.read();
    if (w == null) {
      return;
    }
    rechecks.inc();
    if (recordIfVisible(w, waitedMillis)) {
      window.clear();
      waited.clear();
      return;
    }
    long next = Math.min(MAX_RECHECK_MILLIS, Math.max(FIRST_RECHECK_MILLIS, waitedMillis));
    waited.write(waitedMillis + next);
    recheck.offset(Duration.millis(next)).setRelative();
  }

  /**
   * Records the window when every table shows exactly its rows; false when some are not visible
   * yet and {@code waitedMillis} is still below {@code maxWait}.
   */
  boolean recordIfVisible(WindowTotals w, long waitedMillis) throws TableStoreException {
    List<TableSpec> specs = BigQueryTables.stream();
    long[] want = w.perTable();
    Instant from = Instant.ofEpochMilli(w.startMillis);
    Instant to = Instant.ofEpochMilli(w.endMillis);
    for (int t = 0; t < specs.size(); t++) {
      TableSpec spec = specs.get(t);
      long seen =
          store.countWindow(dataset.table(spec.name()), spec, from, to, state.tenant());
      if (seen > want[t]) {
        stuck.inc();
        throw new IllegalStateException(dataset + "." + spec.name() + " holds " + seen
            + " rows of window " + w + " where the stream wrote " + want[t]
            + ": rows doubled; the window is not recorded");
      }
      if (seen < want[t]) {
        if (waitedMillis >= maxWait.getMillis()) {
          stuck.inc();
          throw new IllegalStateException(dataset + "." + spec.name() + " shows " + seen
              + " of the " + want[t] + " rows of window " + w + " after " + maxWait + "; the"
              + " window is not recorded, so --followFrom=resume reads it again");
        }
        return false;
      }
    }
    try {
      StreamProgress.record(state, w.toMarker(jobStartMillis, statsWindowMillis,
          clock.millis() - w.endMillis));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record window " + w + " in " + state.root(), e);
    }
    closed.inc();
    return true;
  }

  @Teardown
  public void teardown() {
    if (store != null) {
      store.close();
    }
  }
}
