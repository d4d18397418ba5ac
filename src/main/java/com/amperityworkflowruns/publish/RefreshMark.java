package com.amperityworkflowruns.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What a tenant's published days know about runs that were still open when they were read, kept
 * in {@code _tenants/T/_refresh.json} and replaced by every publish, in its journal:
 *
 * <ul>
 *   <li>{@code openDays}: the days that hold at least one open run (from each day's statistics,
 *       {@code open_runs > 0});
 *   <li>{@code endedThrough}: every run that ended before this instant is terminal in every
 *       published day of the tenant (null: not known).
 * </ul>
 *
 * <p>A job reads the runs created on the open days outside its range that ended since {@code
 * endedThrough} ({@code ended_from}, one request when there are none) and replaces the days they
 * were created on, so that a run that finished days after its day was last read is terminal in
 * the tables. See docs/decisions.md, "Runs that finish after the lookback".
 */
public final class RefreshMark implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String FILE = "_refresh.json";
  /**
   * How long before a job's start its reads are taken to be current: runs that ended within this
   * of the start may not have been visible to the API's filters yet.
   */
  public static final Duration VISIBILITY_MARGIN = Duration.ofHours(1);

  private final @Nullable Instant endedThrough;
  private final TreeSet<LocalDate> openDays;

  RefreshMark(@Nullable Instant endedThrough, Collection<LocalDate> openDays) {
    this.endedThrough = endedThrough;
    this.openDays = new TreeSet<>(openDays);
  }

  /**
   * A mark kept elsewhere than in {@code _refresh.json} (the BigQuery output keeps {@code
   * endedThrough} in a table and derives the open days from its statistics).
   */
  public static RefreshMark of(@Nullable Instant endedThrough, Collection<LocalDate> openDays) {
    return new RefreshMark(endedThrough, openDays);
  }

  /** Every run that ended before this is terminal in the tenant's published days; null: unknown. */
  public @Nullable Instant endedThrough() {
    return endedThrough;
  }

  /** The published days that hold open runs. */
  public SortedSet<LocalDate> openDays() {
    return Collections.unmodifiableSortedSet(openDays);
  }

  /** Where tenant {@code layout.tenant()}'s mark lives. */
  public static String path(OutputLayout layout) {
    return layout.control(FILE);
  }

  /**
   * The mark after a job that read with {@code seenAtStart} (null: none) and started at {@code
   * jobStart} publishes {@code days}, whose open days are {@code jobOpenDays}, over {@code
   * current} (the mark found under the lease; null: none). Only when no other publish came
   * between the job's start and its publish is {@code endedThrough} moved to the job's start
   * (less {@link #VISIBILITY_MARGIN}); otherwise it is the earlier of the two, so it never claims
   * more than every day knows.
   */
  public static RefreshMark next(@Nullable RefreshMark current, @Nullable RefreshMark seenAtStart,
      Instant jobStart, com.amperityworkflowruns.model.Days days,
      Collection<LocalDate> jobOpenDays) {
    TreeSet<LocalDate> open = new TreeSet<>();
    if (current != null) {
      for (LocalDate d : current.openDays) {
        if (!days.contains(d)) {
          open.add(d);
        }
      }
    }
    for (LocalDate d : jobOpenDays) {
      if (days.contains(d)) {
        open.add(d);
      }
    }
    Instant ours = jobStart.minus(VISIBILITY_MARGIN);
    Instant through;
    if (current == null || Objects.equals(current.endedThrough, seenAtStart == null ? null
        : seenAtStart.endedThrough)) {
      through = ours;
    } else if (current.endedThrough == null) {
      through = null;
    } else {
      through = current.endedThrough.isBefore(ours) ? current.endedThrough : ours;
    }
    return new RefreshMark(through, open);
  }

  public byte[] toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", 1);
    if (endedThrough == null) {
      root.putNull("endedThrough");
    } else {
      root.put("endedThrough", endedThrough.toString());
    }
    ArrayNode days = root.putArray("openDays");
    openDays.forEach(d -> days.add(d.toString()));
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize the refresh mark", e);
    }
  }

  public static RefreshMark fromJson(byte[] bytes, String source) throws IOException {
    JsonNode root = JSON.readTree(bytes);
    if (root == null || root.path("version").asInt() != 1) {
      throw new IOException(source + " is not a version 1 refresh mark");
    }
    TreeSet<LocalDate> open = new TreeSet<>();
    for (JsonNode d : root.path("openDays")) {
      open.add(LocalDate.parse(d.asText()));
    }
    JsonNode through = root.path("endedThrough");
    return new RefreshMark(through.isTextual() ? Instant.parse(through.asText()) : null, open);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RefreshMark && Objects.equals(endedThrough, ((RefreshMark) o).endedThrough)
        && openDays.equals(((RefreshMark) o).openDays);
  }

  @Override
  public int hashCode() {
    return Objects.hash(endedThrough, openDays);
  }

  @Override
  public String toString() {
    return "RefreshMark{endedThrough " + endedThrough + ", " + openDays.size() + " open days}";
  }
}
