package com.amperityworkflowruns.sink;

import com.amperityworkflowruns.publish.FileOps;
import com.amperityworkflowruns.publish.OutputLayout;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
   * The start of the first window of {@code [fromMillis, toMillis)} without a marker (windows of
   * {@code windowMillis} from {@code fromMillis}), or {@code toMillis} when each has one; for a
   * check made every second while the stream runs. Decided from the markers' names alone (no
   * marker is opened) and only within the range: the days from the one of {@code fromMillis} on
   * are listed one by one, each with a glob of its own ({@code windows/2024-03-31T*.json}, which
   * Cloud Storage answers from a listing of that prefix), until the first gap or after {@code
   * maxDays} days; so when every window of those days has a marker, the result is the first
   * window of the next day, not yet looked at. A marker's name is there once it is written (on
   * Cloud Storage, once its upload completed).
   */
  public static long firstUnrecorded(OutputLayout layout, long fromMillis, long toMillis,
      long windowMillis, int maxDays) throws IOException {
    long next = fromMillis;
    for (int days = 0; next < toMillis && days < maxDays; days++) {
      LocalDate day = Instant.ofEpochMilli(next).atZone(ZoneOffset.UTC).toLocalDate();
      Set<Long> starts = new HashSet<>();
      for (FileOps.FileInfo f : BeamFileOps.INSTANCE.list(markerDir(layout) + day + "T*.json")) {
        Long start = windowStart(f.path);
        if (start != null) {
          starts.add(start);
        }
      }
      long dayEnd = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      for (; next < toMillis && next < dayEnd; next += windowMillis) {
        if (!starts.contains(next)) {
          return next;
        }
      }
    }
    return Math.min(next, toMillis);
  }

  /** The start of the window a marker's file name names, or null for another name. */
  static @Nullable Long windowStart(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dashes = name.indexOf("--");
    if (dashes < 0 || !name.endsWith(".json")) {
      return null;
    }
    try {
      return Instant.from(WriteStreamTables.WINDOW_TIME.parse(name.substring(0, dashes)))
          .toEpochMilli();
    } catch (DateTimeException e) {
      return null;
    }
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
