package com.amperityworkflowruns.report;

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
 * The reliability report of an output: one self-contained HTML page with charts, built from the
 * published Parquet tables (never from the API) and written to {@code {output}/report.html}.
 *
 * <pre>{@code
 * String path = ReliabilityReport.of("gs://bucket/runs").write();           // every published day
 * ReliabilityReport.of("/data/runs").withRange(from, to).write();          // [from, to)
 * }</pre>
 *
 * <p>Reads and writes through Beam's {@code FileSystems}: register the file systems of non-local
 * outputs first ({@code FileSystems.setDefaultPipelineOptions}), as a running pipeline does. The
 * page is written under a temporary name next to it and then renamed, so {@code report.html} is
 * always a complete page (on GCS an object appears whole anyway).
 */
public final class ReliabilityReport {
  private final String output;
  private final LocalDate from;
  private final LocalDate to;
  private final Clock clock;

  private ReliabilityReport(String output, LocalDate from, LocalDate to, Clock clock) {
    this.output = output;
    this.from = from;
    this.to = to;
    this.clock = clock;
  }

  /** The report of the output at {@code output} (a local directory or {@code gs://} prefix). */
  public static ReliabilityReport of(String output) {
    if (output == null || output.isBlank()) {
      throw new IllegalArgumentException("--output is required: the folder the job wrote to");
    }
    String root = output.strip();
    while (root.length() > 1 && root.endsWith("/") && !root.endsWith("://")) {
      root = root.substring(0, root.length() - 1);
    }
    return new ReliabilityReport(root, null, null, Clock.systemUTC());
  }

  /** Covers the days {@code [from, to)}; either may be null for the first or last published day. */
  public ReliabilityReport withRange(LocalDate from, LocalDate to) {
    if (from != null && to != null && !from.isBefore(to)) {
      throw new IllegalArgumentException(
          "--from must be before --to (--to is exclusive), got " + from + " and " + to);
    }
    return new ReliabilityReport(output, from, to, clock);
  }

  /** Stamps the page with {@code clock}'s time. */
  public ReliabilityReport withClock(Clock clock) {
    return new ReliabilityReport(output, from, to, clock);
  }

  /** Where the page goes: {@code {output}/report.html}. */
  public String location() {
    return output + "/" + PublishedTables.REPORT_FILE;
  }

  /**
   * Builds the page and writes it to {@link #location()}; returns that path.
   *
   * @throws NotAnOutputException when {@code output} is not (entirely) an output of this job
   */
  public String write() throws IOException, NotAnOutputException {
    String html = render();
    ResourceId target = FileSystems.matchNewResource(location(), false);
    ResourceId temp = FileSystems.matchNewResource(
        output + "/." + PublishedTables.REPORT_FILE + "." + UUID.randomUUID() + ".tmp", false);
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
    try (PublishedTables tables = PublishedTables.list(output)) {
      NavigableSet<LocalDate> published = tables.publishedDays();
      ReportPeriod period = ReportPeriod.of(from, to, published);
      if (period == null) {
        return ReportJson.nothingPublished(output, clock.instant());
      }
      ReportAggregator aggregator = new ReportAggregator(period);
      tables.readRuns(period.readFrom(), period.to, aggregator::add);
      return ReportJson.of(output, clock.instant(), published, aggregator,
          tables.rejectsPerDay(period.from, period.to));
    }
  }
}
