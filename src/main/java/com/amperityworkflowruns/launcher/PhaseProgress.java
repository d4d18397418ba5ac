package com.amperityworkflowruns.launcher;

import com.amperityworkflowruns.sink.PublishOutput;
import com.amperityworkflowruns.sink.WriteTables;
import java.util.Locale;

/**
 * The progress of a batch job after its read, from the job's counters: runs normalized and
 * deduplicated, rows and table files written, days published, with an estimate for the phase in
 * progress from its rate since the previous line. The same counters are what Dataflow's console
 * shows.
 */
final class PhaseProgress {
  /** A phase whose total is known: its name and counts. */
  private record Phase(String name, long done, long total) {}

  private final long days;
  private long previousDone = -1;
  private String previousPhase = "";
  private double previousSeconds;

  /** Progress of a job publishing {@code days} days (0 when its output does not count them). */
  PhaseProgress(long days) {
    this.days = days;
  }

  /** The line after the read: every phase's figures and the current phase's estimate. */
  String line(JobMetrics m, double seconds) {
    long read = m.get("runs_read");
    long normalized = m.get("runs_normalized");
    long rejects = m.get("rejects");
    long kept = m.get("runs_deduplicated");
    long duplicates = m.get("duplicates_removed");
    long rows = m.get(WriteTables.RUN_ROWS_WRITTEN);
    long files = m.get(PublishOutput.TABLE_FILES_WRITTEN);
    long published = m.get(PublishOutput.DAYS_PUBLISHED);
    Phase current = current(read, normalized + rejects, normalized, kept + duplicates, kept, rows,
        files, published);
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
        "progress: read done (%,d runs, %,d requests); normalized %,d/%,d, deduplicated %,d/%,d,"
            + " rows written %,d/%,d, table files %,d",
        read, m.get("requests"), normalized + rejects, read, kept + duplicates, normalized, rows,
        kept, files));
    if (days > 0) {
      b.append(String.format(Locale.ROOT, ", days published %,d/%,d", published, days));
    }
    b.append("; ").append(current.name).append(eta(current, seconds));
    return b.toString();
  }

  private Phase current(long read, long normalizedOrRejected, long normalized, long deduplicated,
      long kept, long rows, long files, long published) {
    if (normalizedOrRejected < read) {
      return new Phase("normalizing", normalizedOrRejected, read);
    }
    if (deduplicated < normalized) {
      return new Phase("deduplicating", deduplicated, normalized);
    }
    if (rows < kept || files == 0) {
      return new Phase("writing table files", rows, kept);
    }
    if (days > 0 && published < days) {
      return new Phase("publishing", published, days);
    }
    return new Phase("finishing", 0, 0);
  }

  /** " ETA m:ss" from the phase's rate since the previous line, or "" when none can be made. */
  private String eta(Phase p, double seconds) {
    String out = "";
    if (p.name.equals(previousPhase) && previousDone >= 0 && p.done > previousDone
        && seconds > previousSeconds && p.total > p.done) {
      double rate = (p.done - previousDone) / (seconds - previousSeconds);
      long s = Math.round((p.total - p.done) / rate);
      out = String.format(Locale.ROOT, ", ETA %d:%02d", s / 60, s % 60);
    }
    previousPhase = p.name;
    previousDone = p.done;
    previousSeconds = seconds;
    return out;
  }

  /** The summary's line of the phases after the read. */
  static String summary(JobMetrics m) {
    return String.format(Locale.ROOT, "after the read: %,d runs normalized (%,d rejects),"
            + " %,d kept by deduplication, %,d rows in %,d table files, %,d days published",
        m.get("runs_normalized"), m.get("rejects"), m.get("runs_deduplicated"),
        m.get(WriteTables.RUN_ROWS_WRITTEN), m.get(PublishOutput.TABLE_FILES_WRITTEN),
        m.get(PublishOutput.DAYS_PUBLISHED));
  }
}
