package com.amperityworkflowruns.bigquery.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amperityworkflowruns.bigquery.BigQueryTables;
import com.amperityworkflowruns.bigquery.DatasetRef;
import com.amperityworkflowruns.bigquery.FakeBigQuery;
import com.amperityworkflowruns.bigquery.ForwardingTableStore;
import com.amperityworkflowruns.bigquery.InMemoryTableStore;
import com.amperityworkflowruns.bigquery.TableSpec;
import com.amperityworkflowruns.bigquery.TableStore;
import com.amperityworkflowruns.bigquery.TableStoreException;
import com.amperityworkflowruns.model.ScaledClock;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.sink.ClosedWindow;
import com.amperityworkflowruns.sink.StreamProgress;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.joda.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A released window's marker is written only once a query sees exactly its rows in every stream
 * table: rows not yet visible leave it unrecorded (checked again later, for a bounded time),
 * missing rows after that or doubled rows fail the job
 * with no marker.
 */
class RecordCommittedFnTest {
  private static final DatasetRef DATASET = DatasetRef.parse("test-project:commits");
  private static final Instant START = Instant.parse("2024-03-01T10:00:00Z");
  private static final Instant END = Instant.parse("2024-03-01T11:00:00Z");
  private static final String TENANT = "acme";
  /** How many more count queries see one row fewer than the table holds (the flush lags). */
  private static final AtomicInteger LAGGING_COUNTS = new AtomicInteger();

  @TempDir Path tmp;

  @BeforeEach
  void tablesWithOneWindow() throws Exception {
    FakeBigQuery.reset(DATASET);
    LAGGING_COUNTS.set(0);
    FakeDatasetService fake = new FakeDatasetService();
    for (TableSpec spec : BigQueryTables.stream()) {
      fake.createTable(spec.toTable(DATASET.table(spec.name())));
    }
    insert("finished_runs", runRow("r1"), runRow("r2"));
    insert("type_stats_hourly", new TableRow().set("ended_date", "2024-03-01").set("type", "t")
        .set("window_start", "2024-03-01T10:00:00.000000Z")
        .set("window_end", "2024-03-01T11:00:00.000000Z").set("tenant", TENANT));
  }

  private static TableRow runRow(String id) {
    return runRow(id, TENANT);
  }

  private static TableRow runRow(String id, String tenant) {
    return new TableRow().set("run_id", id).set("ended_date", "2024-03-01")
        .set("ended_at", "2024-03-01T10:15:00.000000Z").set("tenant", tenant);
  }

  private static void insert(String table, TableRow... rows) throws Exception {
    new FakeDatasetService().insertAll(DATASET.table(table), List.of(rows), null);
  }

  private RecordCommittedFn fn(Duration maxWait) {
    return new RecordCommittedFn(DATASET, new LaggingFactory(), state(),
        START.toEpochMilli(), 3_600_000L, ScaledClock.fixed(END.plusSeconds(180)), maxWait);
  }

  private static WindowTotals window(long runs, long stats, long rejects) {
    return new WindowTotals(START.toEpochMilli(), END.toEpochMilli(), runs, 1, stats, rejects, 60);
  }

  private OutputLayout state() {
    return OutputLayout.of(tmp.toString(), TENANT);
  }

  private List<ClosedWindow> markers() throws Exception {
    return StreamProgress.closedWindows(state());
  }

  @Test
  void rowsVisible_recordsTheWindowWithItsTotals() throws Exception {
    // Arrange
    RecordCommittedFn fn = fn(Duration.standardSeconds(5));
    fn.setup();

    // Act
    boolean recorded = fn.recordIfVisible(window(2, 1, 0), 0);

    // Assert
    assertThat(recorded).isTrue();
    assertThat(markers()).singleElement().satisfies(m -> {
      assertThat(m.windowStart).isEqualTo(START.toEpochMilli());
      assertThat(m.runs).isEqualTo(2);
      assertThat(m.failed).isEqualTo(1);
      assertThat(m.polls).isEqualTo(60);
      assertThat(m.lagMillis).isEqualTo(180_000);
    });
  }

  @Test
  void anotherTenantsRowsInTheWindow_areNotCounted_andTheWindowIsRecorded() throws Exception {
    // Arrange: a sandbox tenant's stream wrote runs of the same window into the same table
    insert("finished_runs", runRow("s1", "acme-sandbox"), runRow("s2", "acme-sandbox"));
    RecordCommittedFn fn = fn(Duration.standardSeconds(5));
    fn.setup();

    // Act
    boolean recorded = fn.recordIfVisible(window(2, 1, 0), 0);

    // Assert
    assertThat(recorded).isTrue();
    assertThat(markers()).singleElement().satisfies(m -> assertThat(m.runs).isEqualTo(2));
  }

  @Test
  void rowsNotVisibleYet_waitsWithoutAMarker_thenRecordsOnceTheyAre() throws Exception {
    // Arrange: the first count query misses a row (its flush is not done yet)
    LAGGING_COUNTS.set(1);
    RecordCommittedFn fn = fn(Duration.standardSeconds(30));
    fn.setup();

    // Act
    boolean first = fn.recordIfVisible(window(2, 1, 0), 0);
    List<ClosedWindow> afterFirst = markers();
    boolean second = fn.recordIfVisible(window(2, 1, 0), 1000);

    // Assert
    assertThat(first).isFalse();
    assertThat(afterFirst).isEmpty();
    assertThat(second).isTrue();
    assertThat(markers()).hasSize(1);
  }

  @Test
  void rowsStillMissingAfterTheWait_failsWithoutAMarker() throws Exception {
    RecordCommittedFn fn = fn(Duration.standardSeconds(30));
    fn.setup();

    assertThatThrownBy(() -> fn.recordIfVisible(window(3, 1, 0), 30_000))
        .hasMessageContaining("shows 2 of the 3 rows of window 2024-03-01T10:00:00Z")
        .hasMessageContaining("not recorded");
    assertThat(markers()).isEmpty();
  }

  @Test
  void moreRowsThanTheWindowHolds_failsAsDoubledWithoutAMarker() throws Exception {
    insert("finished_runs", runRow("r1"));
    RecordCommittedFn fn = fn(Duration.standardSeconds(5));
    fn.setup();

    assertThatThrownBy(() -> fn.recordIfVisible(window(2, 1, 0), 0))
        .hasMessageContaining("finished_runs holds 3 rows").hasMessageContaining("doubled");
    assertThat(markers()).isEmpty();
  }

  @Test
  void rechecks_backOffFromOneSecondDoublingToTen_thenClearTheirStateOnceRecorded()
      throws Exception {
    // Arrange: the rows show only on the sixth count
    LAGGING_COUNTS.set(5);
    RecordCommittedFn fn = fn(Duration.standardMinutes(10));
    fn.setup();
    MemState<WindowTotals> window = new MemState<>();
    MemState<Long> waited = new MemState<>();
    RecordingTimer timer = new RecordingTimer();

    // Act: the element, then the timer as often as it was set
    fn.process(org.apache.beam.sdk.values.KV.of(START.toEpochMilli(), window(2, 1, 0)), window,
        waited, timer);
    for (int i = 0; i < 5; i++) {
      fn.onRecheck(window, waited, timer);
    }

    // Assert
    assertThat(timer.offsets).containsExactly(1000L, 1000L, 2000L, 4000L, 8000L);
    assertThat(markers()).hasSize(1);
    assertThat(window.read()).isNull();
    assertThat(waited.read()).isNull();
  }

  @Test
  void aRecheckAfterTheWindowWasRecorded_doesNothing() throws Exception {
    RecordCommittedFn fn = fn(Duration.standardMinutes(10));
    fn.setup();
    RecordingTimer timer = new RecordingTimer();

    fn.onRecheck(new MemState<>(), new MemState<>(), timer);

    assertThat(timer.offsets).isEmpty();
    assertThat(markers()).isEmpty();
  }

  /** A value state in memory, for calling the DoFn's methods directly. */
  private static final class MemState<T> implements org.apache.beam.sdk.state.ValueState<T> {
    private T value;

    @Override
    public void write(T v) {
      value = v;
    }

    @Override
    public T read() {
      return value;
    }

    @Override
    public org.apache.beam.sdk.state.ValueState<T> readLater() {
      return this;
    }

    @Override
    public void clear() {
      value = null;
    }
  }

  /** A timer recording the offsets it was set to. */
  private static final class RecordingTimer implements org.apache.beam.sdk.state.Timer {
    final List<Long> offsets = new java.util.ArrayList<>();
    private long offset;

    @Override
    public void set(org.joda.time.Instant t) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void setRelative() {
      offsets.add(offset);
    }

    @Override
    public void clear() {}

    @Override
    public org.apache.beam.sdk.state.Timer offset(Duration d) {
      offset = d.getMillis();
      return this;
    }

    @Override
    public org.apache.beam.sdk.state.Timer align(Duration d) {
      return this;
    }

    @Override
    public org.apache.beam.sdk.state.Timer withOutputTimestamp(org.joda.time.Instant t) {
      return this;
    }

    @Override
    public org.apache.beam.sdk.state.Timer withNoOutputTimestamp() {
      return this;
    }

    @Override
    public org.joda.time.Instant getCurrentRelativeTime() {
      return org.joda.time.Instant.now();
    }
  }

  /** The in-memory store, whose first counts of {@code finished_runs} may miss one row. */
  private static final class LaggingFactory implements TableStore.Factory {
    private static final long serialVersionUID = 1L;

    @Override
    public TableStore open() {
      return new ForwardingTableStore(new InMemoryTableStore()) {
        @Override
        public long countWindow(TableReference t, TableSpec spec, Instant from, Instant to,
            String tenant) throws TableStoreException {
          long n = real.countWindow(t, spec, from, to, tenant);
          boolean lag = spec.name().equals("finished_runs")
              && LAGGING_COUNTS.getAndUpdate(c -> Math.max(0, c - 1)) > 0;
          return lag ? n - 1 : n;
        }
      };
    }
  }
}
