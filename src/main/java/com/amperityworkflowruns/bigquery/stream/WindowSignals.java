package com.amperityworkflowruns.bigquery.stream;

import com.amperityworkflowruns.bigquery.StreamRows;
import com.google.api.services.bigquery.model.TableRow;
import java.util.Set;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryStorageApiInsertError;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.KV;

/**
 * The small steps of {@link StreamBigQueryOutput} that turn rows and window totals into the
 * barrier's signals ({@link WindowCommits}), and fail the job on a row BigQuery refused.
 */
final class WindowSignals {
  private WindowSignals() {}

  /** One row reported written: a signal for its window, found from the row's window column. */
  static final class WrittenFn extends DoFn<TableRow, KV<Long, WindowCommits.Signal>> {
    private final int table;
    private final String windowField;
    private final long statsWindowMillis;

    WrittenFn(int table, String windowField, long statsWindowMillis) {
      this.table = table;
      this.windowField = windowField;
      this.statsWindowMillis = statsWindowMillis;
    }

    @ProcessElement
    public void process(@Element TableRow row, OutputReceiver<KV<Long, WindowCommits.Signal>> out) {
      long t = StreamRows.instant(row.get(windowField)).toEpochMilli();
      long start = Math.floorDiv(t, statsWindowMillis) * statsWindowMillis;
      out.output(KV.of(start, WindowCommits.Signal.written(table)));
    }
  }

  /**
   * A row BigQuery refused (it does not fit the table's schema): a bug, not bad input, so the job
   * fails naming the table and the error; its window is never recorded (on Dataflow's streaming
   * engine the step is retried forever: it counts {@code stream_windows_stuck}).
   */
  static final class RefusedRowFn extends DoFn<BigQueryStorageApiInsertError, Void> {
    private final String table;
    private final Counter stuck = Metrics.counter("amperity", "stream_windows_stuck");

    RefusedRowFn(String table) {
      this.table = table;
    }

    @ProcessElement
    public void process(@Element BigQueryStorageApiInsertError e) {
      Object id = e.getRow() == null ? null : e.getRow().get("run_id");
      stuck.inc();
      throw new IllegalStateException("BigQuery refused a row of " + table
          + (id == null ? "" : " (run " + id + ")") + ": " + e.getErrorMessage());
    }
  }

  /** Drops the elements of the windows starting at {@code skipped} (recorded already). */
  static final class SkipRecordedFn<T> extends DoFn<T, T> {
    private final Set<Long> skipped;

    SkipRecordedFn(Set<Long> skipped) {
      this.skipped = skipped;
    }

    @ProcessElement
    public void process(@Element T element, BoundedWindow window, OutputReceiver<T> out) {
      if (!skipped.contains(((IntervalWindow) window).start().getMillis())) {
        out.output(element);
      }
    }
  }

  static final class CountFn<T> extends DoFn<T, WindowTotals> {
    private final SerializableFunction<T, WindowTotals> count;

    CountFn(SerializableFunction<T, WindowTotals> count) {
      this.count = count;
    }

    @ProcessElement
    public void process(@Element T element, OutputReceiver<WindowTotals> out) {
      out.output(count.apply(element));
    }
  }

  static final class SumFn extends Combine.BinaryCombineFn<WindowTotals> {
    @Override
    public WindowTotals apply(WindowTotals a, WindowTotals b) {
      return a.plus(b);
    }
  }

  /** The window's totals, with its bounds, as the signal that it closed. */
  static final class ExpectedFn extends DoFn<WindowTotals, KV<Long, WindowCommits.Signal>> {
    @ProcessElement
    public void process(@Element WindowTotals t, BoundedWindow window,
        OutputReceiver<KV<Long, WindowCommits.Signal>> out) {
      IntervalWindow w = (IntervalWindow) window;
      long start = w.start().getMillis();
      out.output(KV.of(start, WindowCommits.Signal.expected(t.in(start, w.end().getMillis()))));
    }
  }
}
