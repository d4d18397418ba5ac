package com.amperityworkflowruns.report;

import com.amperityworkflowruns.publish.OutputLayout;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Collections;
import java.util.NavigableSet;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * The reliability report of one tenant of an output: one self-contained HTML page with charts,
 * built from that tenant's published Parquet tables only (never from the API, never from another
 * tenant's files) and written to {@code {output}/report-{tenant}.html}.
 *
 * <pre>{@code
 * String path = ReliabilityReport.of("gs://bucket/runs", "acme").write();   // every published day
 * ReliabilityReport.of("/data/runs", "acme").withRange(from, to).write();  // [from, to)
 * }</pre>
 *
 * <p>Reads and writes through Beam's {@code FileSystems}: register the file systems of non-local
 * outputs first ({@code FileSystems.setDefaultPipelineOptions}), as a running pipeline does. The
 * page is written under a temporary name next to it and then renamed, so the page is always
 * complete (on GCS an object appears whole anyway).
 */
public final class ReliabilityReport {
  private final OutputLayout layout;
  private final LocalDate from;
  private final LocalDate to;
  private final Clock clock;

  private ReliabilityReport(OutputLayout layout, LocalDate from, LocalDate to, Clock clock) {
    this.layout = layout;
    this.from = from;
    this.to = to;
    this.clock = clock;
  }

  /**
   * The report of tenant {@code tenant} of the output at {@code output} (an absolute local
   * directory or {@code gs://} prefix).
   */
  public static ReliabilityReport of(String output, String tenant) {
    if (output == null || output.isBlank()) {
      throw new IllegalArgumentException("--output is required: the folder the job wrote to");
    }
    return new ReliabilityReport(OutputLayout.of(output, tenant), null, null, Clock.systemUTC());
  }

  /** Covers the days {@code [from, to)}; either may be null for the first or last published day. */
  public ReliabilityReport withRange(LocalDate from, LocalDate to) {
    checkRange(from, to);
    return new ReliabilityReport(layout, from, to, clock);
  }

  /** Throws unless {@code from} is before {@code to} (either may be null). */
  static void checkRange(LocalDate from, LocalDate to) {
    if (from != null && to != null && !from.isBefore(to)) {
      throw new IllegalArgumentException(
          "--from must be before --to (--to is exclusive), got " + from + " and " + to);
    }
  }

  /** Stamps the page with {@code clock}'s time. */
  public ReliabilityReport withClock(Clock clock) {
    return new ReliabilityReport(layout, from, to, clock);
  }

  /** Where the page goes: {@code {output}/report-{tenant}.html}. */
  public String location() {
    return layout.resolve(OutputTenants.reportFile(layout.tenant()));
  }

  /**
   * Builds the page and writes it to {@link #location()}; returns that path.
   *
   * @throws NotAnOutputException when {@code output} is not (entirely) an output of this job, is
   *     in the layout before tenants, or holds nothing of the tenant
   */
  public String write() throws IOException, NotAnOutputException {
    String html = render();
    ResourceId target = FileSystems.matchNewResource(location(), false);
    ResourceId temp = FileSystems.matchNewResource(
        layout.resolve("." + OutputTenants.reportFile(layout.tenant()) + "." + UUID.randomUUID()
            + ".tmp"), false);
    try (OutputStream out = Channels.newOutputStream(FileSystems.create(temp, MimeTypes.TEXT))) {
      out.write(html.getBytes(StandardCharsets.UTF_8));
    }
    try {
      FileSystems.rename(Collections.singletonList(temp), Collections.singletonList(target));
    } finally {
      FileSystems.delete(Collections.singletonList(temp), StandardMoveOptions.IGNORE_MISSING_FILES);
    }
    return location();
  }

  /** Builds the page without writing it. */
  public String render() throws IOException, NotAnOutputException {
    return ReportPage.render(data());
  }

  /** The figures the page embeds. */
  ObjectNode data() throws IOException, NotAnOutputException {
    try (PublishedTables tables = PublishedTables.list(layout)) {
      NavigableSet<LocalDate> published = tables.publishedDays();
      ReportPeriod period = ReportPeriod.of(from, to, published);
      if (period == null) {
        return ReportJson.nothingPublished(layout.root(), layout.tenant(), clock.instant());
      }
      ReportAggregator aggregator = new ReportAggregator(period);
      tables.readRuns(period.readFrom(), period.to, aggregator::add);
      ObjectNode data = ReportJson.of(layout.root(), layout.tenant(), clock.instant(), published,
          aggregator, tables.rejectsPerDay(period.from, period.to));
      // Rejects without a parseable created_at belong to no day: counted in the total only.
      long undated = tables.undatedRejects();
      ObjectNode rejects = (ObjectNode) data.path("rejects");
      rejects.put("undated", undated);
      rejects.put("total", rejects.path("total").asLong() + undated);
      return data;
    }
  }
}
