package com.amperityworkflowruns.launcher;

import com.amperityworkflowruns.sink.ClosedWindow;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.sink.StreamProgress;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prints one line per statistics window as soon as the stream recorded it (its files are written):
 * its runs, failures, rejects and how far the watermark was behind the clock.
 */
final class WindowReporter implements AutoCloseable {
  private static final DateTimeFormatter DAY_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "window-reporter");
            t.setDaemon(true);
            return t;
          });
  private final OutputLayout layout;
  private final PrintStream out;
  private final long jobStartMillis;
  private final Set<Long> printed = new HashSet<>();
  private long windows;
  private long runs;
  private long failed;
  private long rejects;

  WindowReporter(OutputLayout layout, PrintStream out, long jobStartMillis, long periodMillis) {
    this.layout = layout;
    this.out = out;
    this.jobStartMillis = jobStartMillis;
    timer.scheduleWithFixedDelay(this::reportSafely, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  private void reportSafely() {
    try {
      report();
    } catch (IOException | RuntimeException e) {
      // a marker being written right now: the next round reads it
    }
  }

  /** Prints the windows recorded since the last call; called once more at the end. */
  synchronized void report() throws IOException {
    List<ClosedWindow> closed = StreamProgress.closedWindows(layout);
    for (ClosedWindow w : closed) {
      if (w.windowStart < jobStartMillis || !printed.add(w.windowStart)) {
        continue;
      }
      windows++;
      runs += w.runs;
      failed += w.failed;
      rejects += w.rejects;
      out.println(line(w));
    }
  }

  static String line(ClosedWindow w) {
    String rate = w.runs == 0 ? "-" : String.format("%.1f%%", 100.0 * w.failed / w.runs);
    return String.format(
        "window %s-%s closed: %,d runs, %,d failed (%s), %,d rejects; watermark lag %s",
        DAY_TIME.format(Instant.ofEpochMilli(w.windowStart)),
        TIME.format(Instant.ofEpochMilli(w.windowEnd)),
        w.runs,
        w.failed,
        rate,
        w.rejects,
        duration(w.lagMillis));
  }

  static String duration(long millis) {
    long s = Math.max(0, millis) / 1000;
    if (s >= 3600) {
      return String.format("%dh%02dm", s / 3600, s % 3600 / 60);
    }
    return String.format("%dm%02ds", s / 60, s % 60);
  }

  synchronized long windows() {
    return windows;
  }

  synchronized long runs() {
    return runs;
  }

  synchronized long failed() {
    return failed;
  }

  synchronized long rejects() {
    return rejects;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
