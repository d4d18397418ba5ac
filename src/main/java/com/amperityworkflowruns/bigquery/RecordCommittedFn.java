package com.amperityworkflowruns.bigquery;

import com.amperityworkflowruns.model.ScaledClock;
import com.amperityworkflowruns.sink.OutputLayout;
import com.amperityworkflowruns.sink.StreamProgress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.util.BackOff;
import org.apache.beam.sdk.util.BackOffUtils;
import org.apache.beam.sdk.util.FluentBackoff;
import org.apache.beam.sdk.util.Sleeper;
import org.joda.time.Duration;

/**
 * Records a window released by the barrier, after checking that a query sees exactly its rows in
 * each stream table: the Storage Write API reports a row once it is appended to a buffered
 * stream, and Beam flushes (commits) the stream in a later step, so the marker waits until the
 * rows are visible, polling with a backoff (200 ms doubling to 10 s, at most {@code maxWait}).
 * More rows than the window holds fail the job (a doubled row); rows still missing after {@code
 * maxWait} fail it too, with no marker, so a resumed job reads the window again.
 */
final class RecordCommittedFn extends DoFn<WindowTotals, Void> {
  private final DatasetRef dataset;
  private final TableStore.Factory tables;
  private final OutputLayout state;
  private final long jobStartMillis;
  private final long statsWindowMillis;
  private final ScaledClock clock;
  private final Duration maxWait;
  private final Counter closed = Metrics.counter("amperity", "windows_closed");
  private final Counter rechecks = Metrics.counter("amperity", "commit_rechecks");
  private transient TableStore store;

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
  public void process(@Element WindowTotals w) throws IOException, InterruptedException {
    List<TableSpec> specs = BigQueryTables.stream();
    long[] want = w.perTable();
    Instant from = Instant.ofEpochMilli(w.startMillis);
    Instant to = Instant.ofEpochMilli(w.endMillis);
    BackOff backoff = FluentBackoff.DEFAULT
        .withInitialBackoff(Duration.millis(200))
        .withMaxBackoff(Duration.standardSeconds(10))
        .withMaxCumulativeBackoff(maxWait)
        .backoff();
    for (int t = 0; t < specs.size(); t++) {
      TableSpec spec = specs.get(t);
      while (true) {
        long seen = store.countWindow(dataset.table(spec.name()), spec, from, to);
        if (seen == want[t]) {
          break;
        }
        if (seen > want[t]) {
          throw new IllegalStateException(dataset + "." + spec.name() + " holds " + seen
              + " rows of window " + w + " where the stream wrote " + want[t]
              + ": rows doubled; the window is not recorded");
        }
        rechecks.inc();
        if (!BackOffUtils.next(Sleeper.DEFAULT, backoff)) {
          throw new IllegalStateException(dataset + "." + spec.name() + " shows " + seen + " of the "
              + want[t] + " rows of window " + w + " after " + maxWait + "; the window is not"
              + " recorded, so --followFrom=resume reads it again");
        }
      }
    }
    try {
      StreamProgress.record(state, w.toMarker(jobStartMillis, statsWindowMillis,
          clock.millis() - w.endMillis));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record window " + w + " in " + state.root(), e);
    }
    closed.inc();
  }

  @Teardown
  public void teardown() {
    if (store != null) {
      store.close();
    }
  }
}
