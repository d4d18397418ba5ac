package com.amperityworkflowruns.launcher;

import com.amperityworkflowruns.bigquery.BigQueryBackend;
import com.amperityworkflowruns.bigquery.BigQueryOutput;
import com.amperityworkflowruns.bigquery.BigQueryStaging;
import com.amperityworkflowruns.io.RunsApiIO;
import com.amperityworkflowruns.model.RawRun;
import com.amperityworkflowruns.model.Reject;
import com.amperityworkflowruns.model.TypeStats;
import com.amperityworkflowruns.model.WorkflowRun;
import com.amperityworkflowruns.options.WorkflowRunsOptions;
import com.amperityworkflowruns.report.WriteReport;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.sink.PublishOutput;
import com.amperityworkflowruns.publish.PublishPolicy;
import com.amperityworkflowruns.publish.PublishReport;
import com.amperityworkflowruns.sink.WriteTables;
import com.amperityworkflowruns.transforms.ComputeTypeStats;
import com.amperityworkflowruns.transforms.DeduplicateRejects;
import com.amperityworkflowruns.transforms.DeduplicateRuns;
import com.amperityworkflowruns.transforms.FileUnderTenant;
import com.amperityworkflowruns.transforms.OpenDays;
import com.amperityworkflowruns.model.Days;
import com.amperityworkflowruns.transforms.NormalizeRuns;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Builds the job: read, normalize, deduplicate, compute statistics, write, publish, write the
 * report.
 */
final class WorkflowRunsPipeline {
  private WorkflowRunsPipeline() {}

  /** The reader configured from the job's settings. */
  static RunsApiIO.Read reader(JobSettings s) {
    WorkflowRunsOptions o = s.options;
    RunsApiIO.Read read = RunsApiIO.read()
        .withBaseUrl(s.baseUrl)
        .withTenant(s.tenant)
        .withApiVersion(o.getApiVersion())
        .withRunsPath(o.getRunsPath())
        .withCredentials(s.credentials)
        .withCreatedRange(s.from(), s.to())
        .withState(o.getState())
        .withType(o.getType())
        .withPageSize(PageSizes.current(o))
        .withRateLimit(o.getRateLimit())
        .withWorkers(s.workers)
        .withMaxChainPages(o.getMaxChainPages())
        .withReadAheadPages(o.getReadAheadPages())
        .withMaxRetries(o.getMaxRetries());
    read = RateLimiters.apply(read, s);
    if (s.readPollInterval != null) {
      read = read.withPollInterval(s.readPollInterval); // else derived from the runner in expand()
    }
    return s.shardDuration == null ? read : read.withShardDuration(s.shardDuration);
  }

  /** Adds every step to {@code pipeline}, reading with {@code read}, writing Parquet. */
  static void build(
      Pipeline pipeline, JobSettings s, PTransform<PBegin, PCollection<RawRun>> read, String jobId) {
    build(pipeline, s, read, jobId, null, null, PublishPolicy.defaults());
  }

  /**
   * Adds every step to {@code pipeline}, reading with {@code read}; writes BigQuery through
   * {@code staging} and {@code bigQuery} when {@code staging} is set, else Parquet, published
   * under {@code policy} (lease, filter and shrink checks, clean-up).
   */
  static void build(
      Pipeline pipeline,
      JobSettings s,
      PTransform<PBegin, PCollection<RawRun>> read,
      String jobId,
      @Nullable BigQueryStaging staging,
      @Nullable BigQueryBackend bigQuery,
      PublishPolicy policy) {
    build(pipeline, s, read, jobId, staging, bigQuery, policy, Days.range(s.fromDay, s.toDay));
  }

  /**
   * {@link #build(Pipeline, JobSettings, PTransform, String, BigQueryStaging, BigQueryBackend,
   * PublishPolicy)} replacing {@code days}: the job's range and the days it refreshes.
   */
  static void build(
      Pipeline pipeline,
      JobSettings s,
      PTransform<PBegin, PCollection<RawRun>> read,
      String jobId,
      @Nullable BigQueryStaging staging,
      @Nullable BigQueryBackend bigQuery,
      PublishPolicy policy,
      Days days) {
    PCollection<RawRun> raw = pipeline.apply("ReadRuns", read);
    PCollectionTuple normalized = raw.apply("NormalizeRuns", new NormalizeRuns());
    PCollection<WorkflowRun> runs =
        normalized.get(NormalizeRuns.RUNS).apply("DeduplicateRuns", new DeduplicateRuns())
            .apply("FileUnderTenant", FileUnderTenant.of(s.tenant));
    PCollectionTuple allStats = runs.apply("ComputeTypeStats", ComputeTypeStats.withSummary());
    PCollection<TypeStats> stats = allStats.get(ComputeTypeStats.DAILY);
    PCollection<Reject> rejects =
        normalized.get(NormalizeRuns.REJECTS).apply("DeduplicateRejects", new DeduplicateRejects());

    PCollectionTuple tables =
        PCollectionTuple.of(WriteTables.RUNS, runs)
            .and(WriteTables.STATS, stats)
            .and(WriteTables.REJECTS, rejects);
    if (staging != null) {
      BigQueryOutput output = BigQueryOutput.to(staging, bigQuery).forTenant(s.tenant)
          .forDays(days).withAllowShrink(Boolean.TRUE.equals(s.options.getAllowShrink()));
      if (policy.jobStart() != null) {
        output = output.withRefreshMark(policy.jobStart(), policy.markAtStart());
      }
      tables.apply("WriteBigQuery", output)
          .apply("CleanUpWorkingFiles", CleanUpWorkingFiles.of(
              ResumeSpoolDir.of(s), s.output, jobId, s.options.getKeepReports()));
    } else {
      OutputLayout layout = s.layout();
      PCollection<String> staged = tables.apply("WriteTables", WriteTables.to(layout, jobId));
      PCollection<PublishReport> published = staged
          .apply("PublishOutput",
              PublishOutput.to(layout, jobId).forDays(days).withPolicy(policy)
                  .withOpenDays(stats.apply("OpenDays", new OpenDays())));
      published.apply("WriteReport", WriteReport.of(s.output, s.tenant));
      // the publish removed the spool; the summaries in {output}/_reports/ are not the tenant's
      published.apply("CleanUpWorkingFiles",
          CleanUpWorkingFiles.of(null, s.output, jobId, s.options.getKeepReports()));
    }

    allStats.get(ComputeTypeStats.SUMMARY)
        .apply("SummaryToJson", MapElements.into(TypeDescriptors.strings()).via(SummaryReport::toJson))
        .apply(
            "WriteSummary",
            TextIO.write().to(SummaryReport.location(s.output, jobId)).withoutSharding());
  }
}
