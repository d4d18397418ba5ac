package com.amperityworkflowruns.launcher;

import com.amperityworkflowruns.io.EndedSince;
import com.amperityworkflowruns.io.RunsApiIO;
import com.amperityworkflowruns.model.Days;
import com.amperityworkflowruns.publish.RefreshMark;
import com.amperityworkflowruns.sink.RefreshMarks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The days outside a job's range that it reads again because runs created on them ended since
 * they were last read: of the tenant's published days that hold open runs ({@link RefreshMark}),
 * those on which the API now shows a run that ended since the mark's {@code endedThrough} (or
 * since the first such day, when it is unknown). One request when none did. With {@code
 * --resume} the days chosen by the crashed attempt are reused, so its kept pages still belong to
 * the job's days.
 */
final class RefreshDays {
  private static final String FILE = "refresh-days.json";

  /** The mark read at the start (null: the tenant has no published day). */
  final @Nullable RefreshMark markAtStart;
  /** The days refreshed, sorted. */
  final List<LocalDate> days;
  /** Requests the probe sent (0 when it was not needed or reused). */
  final int requests;
  /** Where the probe's window began ({@code ended_from}); null when there was no probe. */
  final @Nullable Instant endedFrom;

  private RefreshDays(@Nullable RefreshMark markAtStart, List<LocalDate> days, int requests,
      @Nullable Instant endedFrom) {
    this.markAtStart = markAtStart;
    this.days = List.copyOf(days);
    this.requests = requests;
    this.endedFrom = endedFrom;
  }

  /**
   * Chooses the days job {@code s} refreshes, with the reader {@code read} (its filters, budget
   * and retries); {@code spoolDir} keeps the choice for {@code --resume}.
   */
  static RefreshDays plan(JobSettings s, RunsApiIO.Read read, String spoolDir, boolean resume)
      throws IOException, InterruptedException {
    return plan(s, read, spoolDir, resume, RefreshMarks.read(s.layout()));
  }

  /**
   * {@link #plan(JobSettings, RunsApiIO.Read, String, boolean)} from the tenant's mark {@code
   * mark} as read from the output (null: the tenant has no published day), e.g. from BigQuery.
   */
  static RefreshDays plan(JobSettings s, RunsApiIO.Read read, String spoolDir, boolean resume,
      @Nullable RefreshMark mark) throws IOException, InterruptedException {
    Optional<JsonNode> saved = resume ? SpoolNotes.read(spoolDir, FILE) : Optional.empty();
    if (saved.isPresent()) {
      return new RefreshDays(mark, days(saved.get()), 0, null);
    }
    Days range = Days.range(s.fromDay, s.toDay);
    TreeSet<LocalDate> candidates = new TreeSet<>();
    if (mark != null) {
      for (LocalDate d : mark.openDays()) {
        if (!range.contains(d)) {
          candidates.add(d);
        }
      }
    }
    RefreshDays plan;
    if (candidates.isEmpty()) {
      plan = new RefreshDays(mark, List.of(), 0, null);
    } else {
      Instant from = start(candidates.first());
      Instant to = start(candidates.last().plusDays(1));
      Instant endedFrom = mark.endedThrough() == null || mark.endedThrough().isBefore(from)
          ? from : mark.endedThrough();
      EndedSince ended = read.endedSince(from, to, endedFrom);
      List<LocalDate> days = new ArrayList<>();
      for (LocalDate d : ended.createdDays()) {
        if (candidates.contains(d)) {
          days.add(d);
        }
      }
      plan = new RefreshDays(mark, days, ended.requests(), endedFrom);
    }
    writeDays(spoolDir, plan.days);
    return plan;
  }

  /** The line the job prints, or null when it refreshes nothing and probed nothing. */
  @Nullable String describe() {
    if (endedFrom == null && days.isEmpty()) {
      return null;
    }
    String since = endedFrom == null ? "" : " (runs that ended since " + endedFrom + ", "
        + requests + " request" + (requests == 1 ? "" : "s") + ")";
    if (days.isEmpty()) {
      return "refresh: no day outside the range holds a run that ended since it was read" + since;
    }
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < days.size() && i < 10; i++) {
      list.append(i == 0 ? "" : ", ").append(days.get(i));
    }
    if (days.size() > 10) {
      list.append(", and ").append(days.size() - 10).append(" more");
    }
    return "refresh: " + days.size() + " day(s) outside the range hold runs that ended since"
        + " they were read, and are read again: " + list + since;
  }

  private static Instant start(LocalDate d) {
    return d.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static List<LocalDate> days(JsonNode note) {
    List<LocalDate> days = new ArrayList<>();
    for (JsonNode d : note.path("days")) {
      days.add(LocalDate.parse(d.asText()));
    }
    return days;
  }

  private static void writeDays(String spoolDir, List<LocalDate> days) throws IOException {
    ObjectNode note = SpoolNotes.JSON.createObjectNode();
    ArrayNode list = note.putArray("days");
    days.forEach(d -> list.add(d.toString()));
    SpoolNotes.write(spoolDir, FILE, note);
  }
}
