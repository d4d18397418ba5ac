package com.amperityworkflowruns.sink;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What one {@code migrate} did to an output, as the lines the command prints. */
public final class MigrationReport {
  /** The counts of one migration, by what was done. */
  static final class Counts {
    /** Runs files whose tenant column held the tenant already: moved as they are. */
    int movedAsIs;
    /** Files rewritten with the tenant (stats, rejects, stream stats and rejects, other runs). */
    int rewritten;
    int undated;
    int stream;
    /** The tenant's files of a migrated day that no migrated file replaced, deleted. */
    int replaced;
    int markers;
    int reports;
    int staging;
    int spool;
    boolean report;
    boolean filter;
    /** Values the tenant column of rewritten runs files held instead of the tenant. */
    final Set<String> otherTenants = new TreeSet<>();
    /** Journals of old jobs that had died while publishing, rolled forward first. */
    int recovered;
    /** Files an interrupted run of the migration had left to publish, published first. */
    long resumed;
  }

  /** The output migrated. */
  public final String output;
  /** The tenant its files were filed under. */
  public final String tenant;
  /** Whether the output was in the per-tenant layout already (nothing was changed). */
  public final boolean nothingToMigrate;
  private final Counts counts;
  private final List<LocalDate> days;

  private MigrationReport(String output, String tenant, boolean nothing, Counts counts,
      List<LocalDate> days) {
    this.output = output;
    this.tenant = tenant;
    this.nothingToMigrate = nothing;
    this.counts = counts;
    this.days = days;
  }

  static MigrationReport nothingToMigrate(String output, String tenant) {
    return new MigrationReport(output, tenant, true, new Counts(), List.of());
  }

  static MigrationReport of(String output, String tenant, Counts counts, List<LocalDate> days) {
    return new MigrationReport(output, tenant, false, counts, List.copyOf(days));
  }

  /** Data files now in the tenant's folders (batch and stream tables). */
  public int filesMigrated() {
    return counts.movedAsIs + counts.rewritten;
  }

  /** The lines the command prints: what moved where, then one line per thing removed. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    if (nothingToMigrate) {
      lines.add("nothing to migrate: " + output + " holds no files of the layout before tenants"
          + " (migrated already)");
      return lines;
    }
    if (filesMigrated() == 0 && counts.markers == 0 && counts.resumed > 0) {
      lines.add("migrated " + output + " to tenant " + tenant + ": completed an interrupted run"
          + " of migrate (" + counts.resumed + " files moved by its journal)");
      return lines;
    }
    String span = days.isEmpty() ? "no day" : days.size() + " day(s), " + days.get(0) + " to "
        + days.get(days.size() - 1);
    lines.add("migrated " + output + " to tenant " + tenant + ": " + filesMigrated()
        + " data files of " + span + " (" + counts.movedAsIs + " runs files moved as they were, "
        + counts.rewritten + " rewritten with a tenant column, of which " + counts.undated
        + " undated rejects and " + counts.stream + " stream files); " + counts.markers
        + " stream window markers and " + counts.reports + " report files moved to "
        + "_tenants/" + tenant + "/" + (counts.filter ? "; the filter record _output.json too" : ""));
    if (counts.resumed > 0) {
      lines.add("note: first completed an interrupted run of this migration (its journal of "
          + counts.resumed + " moves)");
    }
    if (counts.recovered > 0) {
      lines.add("note: first completed " + counts.recovered + " publish(es) of old jobs that had"
          + " died while publishing");
    }
    if (counts.replaced > 0) {
      lines.add("note: " + counts.replaced + " file(s) of tenant " + tenant + " on migrated days"
          + " were replaced (an old-version job published those days after a first migration)");
    }
    if (!counts.otherTenants.isEmpty()) {
      lines.add("note: runs whose tenant column said " + String.join(", ", counts.otherTenants)
          + " are now filed under tenant " + tenant + "; each run's own value is kept in"
          + " raw_json");
    }
    if (counts.report) {
      lines.add("note: report.html is now report-" + tenant + ".html, the name jobs of tenant "
          + tenant + " write it under");
    }
    if (counts.spool > 0) {
      lines.add("note: moved _resume/ (" + counts.spool + " files) to _tenants/" + tenant
          + "/_resume/: the pages kept by a job that crashed before publishing; --resume still"
          + " finds them");
    }
    if (counts.staging > 0) {
      lines.add("note: deleted _staging/ (" + counts.staging + " files): files of an old job"
          + " that never published");
    }
    return lines;
  }

  @Override
  public String toString() {
    return String.join("\n", lines());
  }
}
