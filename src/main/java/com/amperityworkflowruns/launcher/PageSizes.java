package com.amperityworkflowruns.launcher;

import com.amperityworkflowruns.io.ApiProbe;
import com.amperityworkflowruns.io.PageSizeProbe;
import com.amperityworkflowruns.io.RunsApiIO;
import com.amperityworkflowruns.options.WorkflowRunsOptions;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code --pageSize}: a fixed size, or {@code auto} (the default), decided once in the launcher
 * before the pipeline is built, so that every shard (on every worker) reads with the same size.
 * The decision is written back into the options ({@code --pageSize=500}), which the readers are
 * built from and which Dataflow shows with the job.
 */
public final class PageSizes {
  /** The value of {@code --pageSize} that asks the API for its largest page. */
  static final String AUTO = "auto";
  /** The spool's note of the decided size. */
  static final String NOTE = "page-size.json";

  private PageSizes() {}

  /**
   * The fixed size of {@code --pageSize}, or null for {@code auto}; checks {@code --maxPageSize}
   * too.
   *
   * @throws IllegalArgumentException with one line naming the fix
   */
  public static @Nullable Integer validate(WorkflowRunsOptions o) {
    Integer max = o.getMaxPageSize();
    if (max == null || max < 1 || max > 10_000) {
      throw new IllegalArgumentException(
          "--maxPageSize must be a whole number from 1 to 10000, got " + max);
    }
    String v = o.getPageSize() == null ? "" : o.getPageSize().trim();
    if (v.equals(AUTO)) {
      return null;
    }
    int size;
    try {
      size = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      size = -1;
    }
    if (size < 1 || size > 10_000) {
      throw new IllegalArgumentException("--pageSize must be auto or a whole number from 1 to"
          + " 10000, got " + o.getPageSize());
    }
    return size;
  }

  /**
   * The size readers are built with: the fixed or decided size; while {@code auto} is undecided,
   * the smallest standard size (only the probe's own read is built then, and it sets its size per
   * request).
   */
  static int current(WorkflowRunsOptions o) {
    Integer fixed = validate(o);
    return fixed != null ? fixed : PageSizeProbe.RUNGS.get(PageSizeProbe.RUNGS.size() - 1);
  }

  /**
   * Decides {@code auto} with requests through {@code read} (its budget and retries) for runs
   * created in {@code [from, to)}, and writes the size into the options; returns the probe, or
   * null when the size is fixed (no request).
   *
   * @throws com.amperityworkflowruns.fetch.ShardReadException when the API fails the probe
   */
  static @Nullable PageSizeProbe decide(
      WorkflowRunsOptions o, RunsApiIO.Read read, Instant from, Instant to)
      throws InterruptedException {
    if (validate(o) != null) {
      return null;
    }
    PageSizeProbe found;
    try (ApiProbe probe = ApiProbe.of(read)) {
      found = PageSizeProbe.find(probe, from, to, PageSizeProbe.candidates(o.getMaxPageSize()));
    }
    o.setPageSize(Integer.toString(found.pageSize));
    return found;
  }

  /**
   * A batch job's {@code auto}: with {@code --resume}, the size the interrupted attempt decided
   * and kept in its spool (its kept pages and cursors were read with it; no request); else {@link
   * #decide(WorkflowRunsOptions, RunsApiIO.Read, Instant, Instant)}. {@link #keep} writes the note
   * once the spool is ready.
   */
  static Decision decide(WorkflowRunsOptions o, RunsApiIO.Read read, Instant from, Instant to,
      String spoolDir, boolean resume) throws IOException, InterruptedException {
    boolean auto = validate(o) == null;
    if (auto && resume) {
      Optional<JsonNode> kept = SpoolNotes.read(spoolDir, NOTE);
      if (kept.isPresent() && kept.get().path("pageSize").canConvertToInt()) {
        o.setPageSize(Integer.toString(kept.get().path("pageSize").asInt()));
        return new Decision(auto, null, true);
      }
    }
    return new Decision(auto, decide(o, read, from, to), false);
  }

  /** Keeps a decided {@code auto} size in the spool for {@code --resume}. */
  static void keep(WorkflowRunsOptions o, Decision d, String spoolDir) throws IOException {
    if (d.auto && !d.reused) {
      SpoolNotes.write(spoolDir, NOTE,
          SpoolNotes.JSON.createObjectNode().put("pageSize", Integer.parseInt(o.getPageSize())));
    }
  }

  /** How a batch job's page size was chosen. */
  static final class Decision {
    final boolean auto;
    final @Nullable PageSizeProbe probe;
    final boolean reused;

    Decision(boolean auto, @Nullable PageSizeProbe probe, boolean reused) {
      this.auto = auto;
      this.probe = probe;
      this.reused = reused;
    }

    /** The job's line about its page size. */
    String line(WorkflowRunsOptions o) {
      return reused
          ? "page size: " + o.getPageSize() + ", as the interrupted attempt found it"
              + " (--pageSize=auto, kept for --resume; no request)"
          : PageSizes.line(o, probe);
    }
  }

  /** The job's line about its page size: "page size: 500, the largest ... (auto)". */
  static String line(WorkflowRunsOptions o, @Nullable PageSizeProbe found) {
    return found == null
        ? "page size: " + o.getPageSize() + " (--pageSize)"
        : "page size: " + found.describe() + ", found by --pageSize=auto";
  }
}
