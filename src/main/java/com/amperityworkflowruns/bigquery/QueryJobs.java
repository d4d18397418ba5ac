package com.amperityworkflowruns.bigquery;

import com.google.api.client.util.Data;
import com.google.api.services.bigquery.Bigquery;
import com.google.api.services.bigquery.model.Dataset;
import com.google.api.services.bigquery.model.GetQueryResultsResponse;
import com.google.api.services.bigquery.model.Job;
import com.google.api.services.bigquery.model.JobConfiguration;
import com.google.api.services.bigquery.model.JobConfigurationQuery;
import com.google.api.services.bigquery.model.JobReference;
import com.google.api.services.bigquery.model.QueryParameter;
import com.google.api.services.bigquery.model.QueryParameterType;
import com.google.api.services.bigquery.model.QueryParameterValue;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableCell;
import com.google.api.services.bigquery.model.TableRow;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * GoogleSQL query jobs of {@link BigQueryTableStore}: started in the dataset's location under an id
 * of ours (so a retried insert waits for the same job), polled until done for at most {@code
 * jobTimeout}, with the tenant as the named STRING parameter {@code @tenant}; their results read as
 * one count or as counts per day. Transactions run through {@link TransactionJobs}.
 */
final class QueryJobs {
  private final Bigquery client;
  private final BoundedCalls calls;
  private final Duration jobTimeout;

  QueryJobs(Bigquery client, BoundedCalls calls, Duration jobTimeout) {
    this.client = client;
    this.calls = calls;
    this.jobTimeout = jobTimeout;
  }

  /** The retry budget's calls, whose pauses the transactions share. */
  BoundedCalls calls() {
    return calls;
  }

  /** The single number a {@code SELECT COUNT(*)} query returns. */
  long count(TableReference table, String sql, @Nullable String tenant)
      throws TableStoreException {
    JobReference ref = run(table, sql, tenant).getJobReference();
    GetQueryResultsResponse page =
        calls.run("read the row count of " + ReplaceSql.name(table),
            () -> client.jobs().getQueryResults(ref.getProjectId(), ref.getJobId())
                .setLocation(ref.getLocation()).execute());
    if (page.getRows() == null || page.getRows().isEmpty()) {
      return 0;
    }
    return Long.parseLong(String.valueOf(page.getRows().get(0).getF().get(0).getV()));
  }

  /** The rows {@code (day, count)} a query returns, every page read. */
  SortedMap<LocalDate, Long> countsPerDay(TableReference table, String sql, String tenant)
      throws TableStoreException {
    SortedMap<LocalDate, Long> counts = new TreeMap<>();
    for (List<String> row : rows(table, sql, tenant, "read the row counts of ")) {
      counts.put(LocalDate.parse(row.get(0)), Long.parseLong(row.get(1)));
    }
    return counts;
  }

  /** Every row a query returns (every page read), each as its values' text (null for NULL). */
  List<List<String>> rows(TableReference table, String sql, @Nullable String tenant,
      String what) throws TableStoreException {
    JobReference ref = run(table, sql, tenant).getJobReference();
    List<List<String>> rows = new ArrayList<>();
    String pageToken = null;
    do {
      String token = pageToken;
      GetQueryResultsResponse page =
          calls.run(what + ReplaceSql.name(table),
              () -> client.jobs().getQueryResults(ref.getProjectId(), ref.getJobId())
                  .setLocation(ref.getLocation()).setPageToken(token).execute());
      if (page.getRows() != null) {
        for (TableRow row : page.getRows()) {
          List<String> values = new ArrayList<>();
          for (TableCell cell : row.getF()) {
            Object v = cell.getV();
            values.add(v == null || Data.isNull(v) ? null : String.valueOf(v));
          }
          rows.add(values);
        }
      }
      pageToken = page.getPageToken();
    } while (pageToken != null);
    return rows;
  }

  /**
   * Starts a GoogleSQL query job in the dataset's location, with {@code tenant} as the STRING
   * parameter {@code @tenant} when not null, and waits until it is done.
   *
   * @throws TableStoreException {@code FAILED} with the job's error when the job failed
   */
  Job run(TableReference inDataset, String sql, @Nullable String tenant)
      throws TableStoreException {
    JobReference ref = reference(inDataset,
        "amperity_runs_" + UUID.randomUUID().toString().replace('-', '_'));
    start(ref, sql, tenant);
    Job done = awaitDone(ref);
    if (done.getStatus().getErrorResult() != null) {
      throw failed(ref, done);
    }
    return done;
  }

  /**
   * A dry run of a query job in the dataset's project and location: BigQuery checks that the
   * caller may create jobs there ({@code bigquery.jobs.create}), and neither runs nor bills it.
   */
  void dryRun(TableReference inDataset) throws TableStoreException {
    JobReference ref = reference(inDataset, null);
    Job job = new Job().setJobReference(ref).setConfiguration(new JobConfiguration()
        .setDryRun(true)
        .setQuery(new JobConfigurationQuery().setQuery("SELECT 1").setUseLegacySql(false)));
    calls.run("start a dry-run query job in project " + ref.getProjectId(),
        () -> client.jobs().insert(ref.getProjectId(), job).execute());
  }

  /** A job id {@code jobId} (null: none, a dry run) in the dataset's project and location. */
  JobReference reference(TableReference inDataset, @Nullable String jobId)
      throws TableStoreException {
    String project = inDataset.getProjectId();
    Dataset dataset =
        calls.run("read dataset " + project + ":" + inDataset.getDatasetId(),
            () -> client.datasets().get(project, inDataset.getDatasetId()).execute());
    return new JobReference().setProjectId(project).setLocation(dataset.getLocation())
        .setJobId(jobId);
  }

  /**
   * Inserts the query job {@code ref}; an id that exists already (a retried insert whose first
   * try arrived, or another try of the same step) is not an error: the caller waits for it.
   */
  void start(JobReference ref, String sql, @Nullable String tenant) throws TableStoreException {
    JobConfigurationQuery query = new JobConfigurationQuery().setQuery(sql).setUseLegacySql(false);
    if (tenant != null) {
      query.setParameterMode("NAMED").setQueryParameters(List.of(new QueryParameter()
          .setName(TenantSql.PARAMETER)
          .setParameterType(new QueryParameterType().setType("STRING"))
          .setParameterValue(new QueryParameterValue().setValue(tenant))));
    }
    Job job = new Job().setJobReference(ref).setConfiguration(
        new JobConfiguration().setQuery(query));
    try {
      calls.run("start query job " + ref.getJobId(),
          () -> client.jobs().insert(ref.getProjectId(), job).execute());
    } catch (TableStoreException e) {
      if (e.kind() != TableStoreException.Kind.ALREADY_EXISTS) {
        throw e;
      }
    }
  }

  /** The job {@code ref} as {@code jobs.get} shows it, or null when there is no such job. */
  @Nullable Job lookup(JobReference ref) throws TableStoreException {
    try {
      return calls.run("look up query job " + ref.getJobId(),
          () -> client.jobs().get(ref.getProjectId(), ref.getJobId())
              .setLocation(ref.getLocation()).execute());
    } catch (TableStoreException e) {
      if (e.kind() == TableStoreException.Kind.NOT_FOUND) {
        return null;
      }
      throw e;
    }
  }

  /**
   * Polls job {@code ref} until it is {@code DONE} (with or without an error), for at most {@code
   * jobTimeout}.
   */
  Job awaitDone(JobReference ref) throws TableStoreException {
    long deadline = System.nanoTime() + jobTimeout.toNanos();
    long pollMillis = 1000;
    while (true) {
      Job polled =
          calls.run("poll query job " + ref.getJobId(),
              () -> client.jobs().get(ref.getProjectId(), ref.getJobId())
                  .setLocation(ref.getLocation()).execute());
      if (polled.getStatus() != null && "DONE".equals(polled.getStatus().getState())) {
        return polled;
      }
      if (System.nanoTime() > deadline) {
        throw new TableStoreException(
            TableStoreException.Kind.FAILED,
            "query job " + ref.getJobId() + " not done after " + jobTimeout
                + "; look it up in the BigQuery console");
      }
      calls.pause(pollMillis);
      pollMillis = Math.min(pollMillis * 2, 10_000);
    }
  }

  /** The failure of job {@code ref}, done with an error, in BigQuery's words. */
  static TableStoreException failed(JobReference ref, Job done) {
    return new TableStoreException(TableStoreException.Kind.FAILED,
        "query job " + ref.getJobId() + " failed: " + done.getStatus().getErrorResult().getMessage());
  }
}
