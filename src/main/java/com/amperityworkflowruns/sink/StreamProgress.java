package com.amperityworkflowruns.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The stream's state in its output: one small marker file per statistics window whose tables were
 * written, {@code {output}/_stream_state/windows/{start}--{end}.json} ({@link ClosedWindow}).
 *
 * <p>{@link #resumePoint} is where {@code --followFrom=resume} continues: the end of the last
 * recorded window, or the first window of the last job without a marker when one is missing
 * (windows may be written out of order on a distributed runner). Reading a window again is
 * harmless, since its files are replaced, never added to ({@link WriteStreamTables}); so the
 * point may lie early, never late, and nothing is missed or doubled.
 */
public final class StreamProgress {
  /** The folder of the stream's state, below the output root. */
  public static final String STATE_DIR = "_stream_state";

  private static final ObjectMapper JSON = new ObjectMapper();

  private StreamProgress() {}

  static String markerDir(OutputLayout layout) {
    return layout.control(STATE_DIR + "/windows/");
  }

  /** Writes (or replaces) the marker of a window. */
  public static void record(OutputLayout layout, ClosedWindow window) throws IOException {
    String path =
        markerDir(layout) + WriteStreamTables.windowName(window.windowStart, window.windowEnd)
            + ".json";
    BeamFileOps.INSTANCE.write(path, JSON.writeValueAsBytes(window));
  }

  /**
   * Deletes the markers of the windows starting in {@code [from, to)} ({@code to} null: every
   * window from {@code from} on), before their rows are deleted and read again (the BigQuery
   * stream tables); returns how many were deleted.
   */
  public static int forget(OutputLayout layout, Instant from, @Nullable Instant to) throws IOException {
    int deleted = 0;
    for (FileOps.FileInfo f : BeamFileOps.INSTANCE.list(markerDir(layout) + "*.json")) {
      ClosedWindow w = JSON.readValue(BeamFileOps.INSTANCE.read(f.path), ClosedWindow.class);
      if (w.windowStart >= from.toEpochMilli() && (to == null || w.windowStart < to.toEpochMilli())) {
        BeamFileOps.INSTANCE.delete(f.path);
        deleted++;
      }
    }
    return deleted;
  }

  /** Every recorded window, by start. */
  public static List<ClosedWindow> closedWindows(OutputLayout layout) throws IOException {
    List<ClosedWindow> out = new ArrayList<>();
    for (FileOps.FileInfo f : BeamFileOps.INSTANCE.list(markerDir(layout) + "*.json")) {
      out.add(JSON.readValue(BeamFileOps.INSTANCE.read(f.path), ClosedWindow.class));
    }
    out.sort(Comparator.comparingLong((ClosedWindow w) -> w.windowStart));
    return out;
  }

  /**
   * Where a resumed stream starts, or empty when the output holds no stream state.
   *
   * @throws IllegalArgumentException when the output was written with another statistics window
   */
  public static Optional<Instant> resumePoint(OutputLayout layout, Duration statsWindow)
      throws IOException {
    return resumePoint(closedWindows(layout), statsWindow.toMillis());
  }

  static Optional<Instant> resumePoint(List<ClosedWindow> windows, long statsWindowMillis) {
    if (windows.isEmpty()) {
      return Optional.empty();
    }
    ClosedWindow last = windows.get(0);
    Set<Long> starts = new HashSet<>();
    for (ClosedWindow w : windows) {
      starts.add(w.windowStart);
      if (w.windowEnd > last.windowEnd) {
        last = w;
      }
    }
    if (last.statsWindowMillis != statsWindowMillis) {
      throw new IllegalArgumentException(
          "this output's stream was written with --statsWindow=" + Duration.ofMillis(
              last.statsWindowMillis) + ": resume with the same --statsWindow (or use a new"
              + " --output)");
    }
    for (long t = last.jobStart; t < last.windowStart; t += statsWindowMillis) {
      if (!starts.contains(t)) {
        return Optional.of(Instant.ofEpochMilli(t));
      }
    }
    return Optional.of(Instant.ofEpochMilli(last.windowEnd));
  }
}
