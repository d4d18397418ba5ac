package com.amperityworkflowruns.report;

import com.amperityworkflowruns.sink.LegacyOutput;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.publish.TableFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The tenants an output holds, from file names alone (no file is read): a tenant has published
 * data files ({@code workflow_runs/tenant=T/...} etc.) or a report {@code report-T.html} (every
 * day of it cleared). An output in the layout written before outputs held tenants is refused
 * with the command that migrates it.
 */
final class OutputTenants {
  static final String REPORT_PREFIX = "report-";
  static final String REPORT_SUFFIX = ".html";

  private OutputTenants() {}

  /** The report file's name of {@code tenant}: {@code report-T.html}. */
  static String reportFile(String tenant) {
    return REPORT_PREFIX + tenant + REPORT_SUFFIX;
  }

  /**
   * The tenants of the output at {@code root}, in order.
   *
   * @throws NotAnOutputException when it is in the old one-tenant layout, or holds no tenant
   */
  static SortedSet<String> of(OutputLayout root) throws IOException, NotAnOutputException {
    refuseOldLayout(root, null);
    SortedSet<String> tenants = found(root);
    if (tenants.isEmpty()) {
      throw new NotAnOutputException(root.root() + " is not an output of this job: it has no "
          + OutputLayout.RUNS + "/tenant=T/created_date=YYYY-MM-DD/*.parquet, "
          + OutputLayout.STATS + "/tenant=T/..., " + OutputLayout.REJECTS + "/tenant=T/... or "
          + reportFile("T") + " (is --output the folder the job wrote to?)");
    }
    return tenants;
  }

  /**
   * Why {@code layout}'s tenant has nothing in its output: the output is in the old layout, holds
   * other tenants only (named), or is no output of this job.
   */
  static NotAnOutputException tenantNotFound(OutputLayout layout) throws IOException {
    try {
      refuseOldLayout(layout, layout.tenant());
      SortedSet<String> tenants = of(layout);
      return new NotAnOutputException(layout.root() + " holds no tenant " + layout.tenant()
          + " (no " + OutputLayout.RUNS + "/tenant=" + layout.tenant() + "/ and no "
          + reportFile(layout.tenant()) + "); the tenants there: " + String.join(", ", tenants));
    } catch (NotAnOutputException e) {
      return e;
    }
  }

  /**
   * Throws when {@code root} is in the layout before tenants ({@link LegacyOutput}), naming the
   * command that migrates it (for {@code tenant}, or the tenant its runs name when null).
   */
  static void refuseOldLayout(OutputLayout root, @Nullable String tenant)
      throws NotAnOutputException {
    try {
      LegacyOutput.checkNotLegacy(root.root(), tenant);
    } catch (IllegalArgumentException e) {
      throw new NotAnOutputException(e.getMessage(), e);
    }
  }

  private static SortedSet<String> found(OutputLayout root) throws IOException {
    SortedSet<String> tenants = new TreeSet<>();
    for (String glob : root.everyTenantsDataGlobs()) {
      for (MatchResult.Metadata m : match(glob)) {
        TableFile f = TableFile.parse(root.relativize(m.resourceId().toString()));
        if (f != null && f.tenant() != null) {
          tenants.add(f.tenant());
        }
      }
    }
    for (MatchResult.Metadata m : match(root.resolve(reportFile("*")))) {
      String name = m.resourceId().getFilename();
      String tenant =
          name.substring(REPORT_PREFIX.length(), name.length() - REPORT_SUFFIX.length());
      if (isTenant(tenant)) {
        tenants.add(tenant);
      }
    }
    return tenants;
  }

  /** Whether {@code name} is a usable tenant ({@link OutputLayout#checkTenant}). */
  static boolean isTenant(String name) {
    try {
      OutputLayout.checkTenant(name);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The files (never folders) matching {@code glob}; none when its folder does not exist. */
  static List<MatchResult.Metadata> match(String glob) throws IOException {
    MatchResult m = FileSystems.match(glob, EmptyMatchTreatment.ALLOW);
    if (m.status() == MatchResult.Status.NOT_FOUND) {
      return List.of();
    }
    List<MatchResult.Metadata> files = new ArrayList<>();
    for (MatchResult.Metadata f : m.metadata()) {
      if (!f.resourceId().isDirectory()) {
        files.add(f);
      }
    }
    return files;
  }
}
