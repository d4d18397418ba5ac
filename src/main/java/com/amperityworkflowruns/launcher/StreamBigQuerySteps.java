package com.amperityworkflowruns.launcher;

import com.amperityworkflowruns.bigquery.BigQueryBackend;
import com.amperityworkflowruns.bigquery.BigQueryPreparation;
import com.amperityworkflowruns.bigquery.BigQueryTables;
import com.amperityworkflowruns.bigquery.TableStoreException;
import com.amperityworkflowruns.sink.ClosedWindow;
import com.amperityworkflowruns.sink.OutputLayout;
import com.amperityworkflowruns.sink.StreamProgress;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * The launcher's steps for a stream into BigQuery ({@code --mode=stream --format=bigquery}).
 *
 * <p>The window markers stay files below {@code --output} (by default {@code
 * {tempLocation}/amperity-workflow-runs/PROJECT_DATASET}), as for Parquet. Before the pipeline
 * reads anything, the windows it is about to write, {@code [followFrom, stopAt)}, are emptied:
 * first their markers, then their rows, one DELETE per table. So a window a stopped job wrote but
 * did not record (its rows may be in BigQuery, its marker is not) is written once again, never
 * twice; and a marker never names a window whose rows were deleted.
 */
final class StreamBigQuerySteps {
  private StreamBigQuerySteps() {}

  /**
   * Checks before any request: no filter, the dataset and the stream tables' schemas, and no
   * recorded window re-followed without {@code --allowShrink}.
   *
   * @throws IllegalArgumentException with one actionable line
   */
  static void check(StreamSettings s, BigQueryBackend backend) {
    JobSettings b = s.base;
    String filter = b.options.getState() != null ? "--state"
        : b.options.getType() != null ? "--type" : null;
    if (filter != null) {
      throw new IllegalArgumentException(filter + " cannot be used with --format=bigquery: the"
          + " stream tables of " + b.dataset + " hold every finished run, a filtered stream would"
          + " leave the others out. Drop " + filter + " and filter in SQL with a WHERE clause (or"
          + " a view), or use --format=parquet for a filtered output");
    }
    BigQueryPreparation.check(backend, b.dataset, BigQueryTables.stream());
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
  }

  /**
   * Creates missing stream tables, then empties the windows the job will write: markers first,
   * then rows. Returns a note for the console, or null when there was nothing to remove.
   *
   * @throws IllegalArgumentException when a table cannot be created (bad input)
   * @throws IOException when the markers or the rows cannot be removed (the job fails)
   */
  static String prepare(StreamSettings s, BigQueryBackend backend) throws IOException {
    BigQueryPreparation.createMissing(backend, s.base.dataset, BigQueryTables.stream());
    OutputLayout state = OutputLayout.of(s.base.output);
    int markers = StreamProgress.forget(state, s.followFrom, s.stopAt);
    long rows;
    try {
      rows = BigQueryPreparation.deleteStreamWindows(backend, s.base.dataset, s.followFrom,
          s.stopAt);
    } catch (TableStoreException e) {
      throw new IOException("cannot delete the rows of the windows from " + s.followFrom + " in "
          + s.base.dataset + ": " + e.getMessage(), e);
    }
    if (markers == 0 && rows == 0) {
      return null;
    }
    return String.format("note: removed %,d row(s) and %,d window marker(s) from %s on (%s) before"
        + " writing those windows again", rows, markers, s.followFrom,
        s.resumed ? "written by the stopped job but not recorded" : "--allowShrink");
  }

  private static List<ClosedWindow> recordedWindows(StreamSettings s) throws IOException {
    long from = s.followFrom.toEpochMilli();
    long to = s.stopAt == null ? Long.MAX_VALUE : s.stopAt.toEpochMilli();
    return StreamProgress.closedWindows(OutputLayout.of(s.base.output)).stream()
        .filter(w -> w.windowStart >= from && w.windowStart < to)
        .toList();
  }
}
