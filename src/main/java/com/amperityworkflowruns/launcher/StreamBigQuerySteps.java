package com.amperityworkflowruns.launcher;

import com.amperityworkflowruns.bigquery.BigQueryBackend;
import com.amperityworkflowruns.bigquery.BigQueryLimits;
import com.amperityworkflowruns.bigquery.BigQueryPreparation;
import com.amperityworkflowruns.bigquery.BigQueryTables;
import com.amperityworkflowruns.bigquery.TableSpec;
import com.amperityworkflowruns.bigquery.TableStore;
import com.amperityworkflowruns.bigquery.TableStoreException;
import com.amperityworkflowruns.sink.ClosedWindow;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.sink.StreamProgress;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The launcher's steps for a stream into BigQuery ({@code --mode=stream --format=bigquery}).
 *
 * <p>The window markers stay files below {@code --output} (required: the stream state must not
 * depend on {@code --tempLocation}), as for Parquet, below the tenant's folder ({@code
 * JobSettings.layout()}), so streams of two tenants into one dataset share no lease or marker.
 * Every count and DELETE here is of the job's tenant's rows only. Before the pipeline reads
 * anything, the windows it is about to write are emptied: first their markers, then their rows,
 * one DELETE per table and range. Which windows:
 *
 * <ul>
 *   <li>{@code --followFrom=resume}: only the windows of {@code [followFrom, stopAt)} that have no
 *       marker (written by the stopped job but not recorded). Recorded windows after the first gap
 *       keep their rows and markers and are not written again ({@link Plan#recorded}).
 *   <li>{@code --followFrom=TS --allowShrink}: every window of {@code [followFrom, stopAt)}.
 *   <li>{@code --followFrom=TS}: nothing; {@link #check} refused the job if a window there has a
 *       marker or any row.
 * </ul>
 *
 * <p>So a window is written once, never twice, a recorded window is never deleted without {@code
 * --allowShrink}, and a marker never names a window whose rows were deleted.
 */
final class StreamBigQuerySteps {
  /** Counts "from followFrom on" when the job has no --stopAt. */
  private static final Instant END_OF_COUNTS = Instant.parse("9999-01-01T00:00:00Z");

  private StreamBigQuerySteps() {}

  /** What {@link #prepare} did: a note for the console (or null), and the windows to skip. */
  static final class Plan {
    final @Nullable String note;
    /** Starts of the recorded windows in {@code [followFrom, stopAt)}: not written again. */
    final Set<Long> recorded;

    Plan(@Nullable String note, Set<Long> recorded) {
      this.note = note;
      this.recorded = recorded;
    }
  }

  /**
   * Checks before any request: --output given, no filter; then what BigQuery documents it refuses
   * only later ({@link BigQueryLimits}: expiry, a --followFrom too old for the Storage Write API,
   * {@code bigquery.jobs.create}), the dataset and the stream tables' schemas, and nothing already written in {@code [followFrom, stopAt)} (a marker, or rows
   * without one) followed again without {@code --allowShrink}.
   *
   * @throws IllegalArgumentException with one actionable line
   */
  static void check(StreamSettings s, BigQueryBackend backend, Map<String, String> env) {
    JobSettings b = s.base;
    String filter = b.options.getState() != null ? "--state"
        : b.options.getType() != null ? "--type" : null;
    if (filter != null) {
      throw new IllegalArgumentException(filter + " cannot be used with --format=bigquery: the"
          + " stream tables of " + b.dataset + " hold every finished run, a filtered stream would"
          + " leave the others out. Drop " + filter + " and filter in SQL with a WHERE clause (or"
          + " a view), or use --format=parquet for a filtered output");
    }
    if (b.options.getOutput() == null || b.options.getOutput().isBlank()) {
      throw new IllegalArgumentException("--mode=stream --format=bigquery needs --output: the"
          + " folder (gs://BUCKET/PATH on Dataflow) that keeps the stream's window markers. Give"
          + " every job of " + b.dataset + " the same one and keep it out of bucket lifecycle"
          + " rules");
    }
    BigQueryChecks.ensureCredentials(backend, b.dataset, env);
    BigQueryLimits.checkStream(backend, b.dataset, s.followFrom, s.clock.instant());
    BigQueryPreparation.check(backend, b.dataset, BigQueryTables.stream(), b.tenant);
    if (s.resumed || Boolean.TRUE.equals(b.options.getAllowShrink())) {
      return;
    }
    List<ClosedWindow> recorded;
    try {
      recorded = recordedWindows(s);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the stream state in " + b.output + ": "
          + e.getMessage());
    }
    if (!recorded.isEmpty()) {
      throw new IllegalArgumentException("--followFrom=" + b.options.getFollowFrom() + ": "
          + recorded.size() + " window(s) from " + Instant.ofEpochMilli(recorded.get(0).windowStart)
          + " to " + Instant.ofEpochMilli(recorded.get(recorded.size() - 1).windowEnd)
          + " are already in " + b.dataset + "; following them again deletes their rows and"
          + " reads them again (fewer if the API lost some). Use --followFrom=resume, a later"
          + " --followFrom, or --allowShrink to replace them");
    }
    String rows = rowsWithoutMarkers(s, backend);
    if (rows != null) {
      throw new IllegalArgumentException("--followFrom=" + b.options.getFollowFrom() + ": "
          + rows + " from " + s.followFrom + (s.stopAt == null ? " on" : " to " + s.stopAt)
          + " but " + b.output + " holds no window marker for them (another --output, or markers"
          + " removed); following again deletes those rows and reads them again. Use the --output"
          + " of the job that wrote them with --followFrom=resume, a later --followFrom, or"
          + " --allowShrink to replace them");
    }
  }

  /** "DATASET.TABLE holds N row(s) of tenant T" for the first stream table with such rows. */
  private static @Nullable String rowsWithoutMarkers(StreamSettings s, BigQueryBackend backend) {
    Instant to = s.stopAt == null ? END_OF_COUNTS : s.stopAt;
    try (TableStore store = backend.tables().open()) {
      for (TableSpec spec : BigQueryTables.stream()) {
        if (store.describe(s.base.dataset.table(spec.name())) == null) {
          continue;
        }
        long n = store.countWindow(
            s.base.dataset.table(spec.name()), spec, s.followFrom, to, s.base.tenant);
        if (n > 0) {
          return String.format("%s.%s holds %,d row(s) of tenant %s", s.base.dataset,
              spec.name(), n, s.base.tenant);
        }
      }
      return null;
    } catch (TableStoreException e) {
      throw new IllegalArgumentException("cannot count the rows of " + s.base.dataset
          + " from " + s.followFrom + ": " + e.getMessage());
    }
  }

  /**
   * Creates missing stream tables, then empties the windows the job will write (see the class
   * comment): markers first, then rows.
   *
   * @throws IllegalArgumentException when a table cannot be created (bad input)
   * @throws IOException when the markers or the rows cannot be removed (the job fails)
   */
  static Plan prepare(StreamSettings s, BigQueryBackend backend) throws IOException {
    BigQueryPreparation.createMissing(backend, s.base.dataset, BigQueryTables.stream());
    OutputLayout state = s.base.layout();
    boolean shrink = Boolean.TRUE.equals(s.base.options.getAllowShrink());
    if (!s.resumed && !shrink) {
      return new Plan(null, Set.of());
    }
    int markers = 0;
    Set<Long> recorded = new TreeSet<>();
    List<Instant[]> ranges = new ArrayList<>();
    if (s.resumed) {
      for (ClosedWindow w : recordedWindows(s)) {
        recorded.add(w.windowStart);
      }
      ranges = unrecordedRanges(s.followFrom.toEpochMilli(),
          s.stopAt == null ? null : s.stopAt.toEpochMilli(), s.statsWindow.toMillis(), recorded);
    } else {
      markers = StreamProgress.forget(state, s.followFrom, s.stopAt);
      ranges.add(new Instant[] {s.followFrom, s.stopAt});
    }
    long rows = 0;
    for (Instant[] r : ranges) {
      try {
        rows += BigQueryPreparation.deleteStreamWindows(
            backend, s.base.dataset, r[0], r[1], s.base.tenant);
      } catch (TableStoreException e) {
        throw new IOException("cannot delete the rows of the windows from " + r[0] + " in "
            + s.base.dataset + ": " + e.getMessage(), e);
      }
    }
    String kept = recorded.isEmpty() ? "" : String.format("kept the %,d recorded window(s)"
        + " after %s, which are not written again", recorded.size(), s.followFrom);
    if (markers == 0 && rows == 0) {
      return new Plan(kept.isEmpty() ? null : "note: " + kept, recorded);
    }
    return new Plan(String.format("note: removed %,d row(s) and %,d window marker(s) from %s on"
        + " (%s) before writing those windows again%s", rows, markers, s.followFrom,
        s.resumed ? "written by the stopped job but not recorded" : "--allowShrink",
        kept.isEmpty() ? "" : "; " + kept),
        recorded);
  }

  /**
   * The ranges {@code [from, to)} of {@code [followFrom, stopAt)} made of windows without a
   * marker; the last one open ({@code to} null) when there is no stopAt.
   */
  static List<Instant[]> unrecordedRanges(long followFrom, @Nullable Long stopAt,
      long statsWindow, Set<Long> recorded) {
    List<Instant[]> out = new ArrayList<>();
    long last = recorded.stream().mapToLong(Long::longValue).max().orElse(followFrom - statsWindow);
    long end = stopAt != null ? stopAt : Math.max(followFrom, last + statsWindow);
    Long open = null;
    for (long t = followFrom; t < end; t += statsWindow) {
      if (recorded.contains(t)) {
        if (open != null) {
          out.add(new Instant[] {Instant.ofEpochMilli(open), Instant.ofEpochMilli(t)});
          open = null;
        }
      } else if (open == null) {
        open = t;
      }
    }
    if (stopAt == null) {
      out.add(new Instant[] {Instant.ofEpochMilli(open != null ? open : end), null});
    } else if (open != null) {
      out.add(new Instant[] {Instant.ofEpochMilli(open), Instant.ofEpochMilli(end)});
    }
    return out;
  }

  private static List<ClosedWindow> recordedWindows(StreamSettings s) throws IOException {
    long from = s.followFrom.toEpochMilli();
    long to = s.stopAt == null ? Long.MAX_VALUE : s.stopAt.toEpochMilli();
    return StreamProgress.closedWindows(s.base.layout()).stream()
        .filter(w -> w.windowStart >= from && w.windowStart < to)
        .toList();
  }
}
