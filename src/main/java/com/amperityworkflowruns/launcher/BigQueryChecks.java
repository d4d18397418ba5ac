package com.amperityworkflowruns.launcher;

import com.amperityworkflowruns.bigquery.BigQueryBackend;
import com.amperityworkflowruns.bigquery.BigQueryLimits;
import com.amperityworkflowruns.bigquery.BigQueryPreparation;
import com.amperityworkflowruns.bigquery.BigQueryStaging;
import com.amperityworkflowruns.bigquery.DatasetRef;
import com.amperityworkflowruns.gcp.GoogleAuth;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** The launcher's BigQuery steps: checks before anything is read, tables before the run. */
final class BigQueryChecks {
  private BigQueryChecks() {}

  /**
   * For a BigQuery job: load files need a {@code gs://} temp location on Google Cloud; then the
   * credentials, what BigQuery documents it refuses only later ({@link BigQueryLimits}: expiry,
   * the temp bucket's location, the range's partitions, {@code bigquery.jobs.create}), the
   * dataset, existing tables' schemas and their rows' tenants are checked. A {@code --state} or
   * {@code --type} filter is refused first, before any request.
   *
   * @throws IllegalArgumentException with one actionable line
   */
  static void check(JobSettings s, BigQueryBackend backend, Map<String, String> env) {
    if (s.dataset == null) {
      return;
    }
    String filter = s.options.getState() != null ? "--state" : s.options.getType() != null
        ? "--type" : null;
    if (filter != null) {
      // The dataset's tables hold every run of their days: a filtered job would replace those
      // days with a subset. Refused outright (the Parquet output records its filter instead).
      throw new IllegalArgumentException(filter + " cannot be used with --format=bigquery: the"
          + " job replaces whole days of " + s.dataset + ", so it would drop the other runs."
          + " Drop " + filter + " and filter in SQL with a WHERE clause (or a view); filtered"
          + " jobs are refused for every dataset, use --format=parquet for a filtered output");
    }
    String temp = s.options.getTempLocation();
    if (backend.isGoogleCloud() && (temp == null || !temp.startsWith("gs://"))) {
      throw new IllegalArgumentException(
          "--format=bigquery loads its rows from files on Cloud Storage: set"
              + " --tempLocation=gs://BUCKET/PATH (got " + temp + ")");
    }
    ensureCredentials(backend, s.dataset, env);
    BigQueryLimits.checkBatch(backend, s.dataset, temp,
        ChronoUnit.DAYS.between(s.fromDay, s.toDay));
    BigQueryPreparation.check(backend, s.dataset, s.tenant);
  }

  /**
   * On Google Cloud, the job's own environment must name Google credentials: decided from {@code
   * env} (what the job was given, not this process's), without the network, in one line.
   */
  static void ensureCredentials(BigQueryBackend backend, DatasetRef dataset,
      Map<String, String> env) {
    if (backend.isGoogleCloud() && GoogleAuth.source(env).isEmpty()) {
      throw new IllegalArgumentException("--bigqueryDataset=" + dataset
          + ": no Google credentials found: " + GoogleAuth.HOW_TO);
    }
  }

  /** Creates missing tables and the job's staging tables; returns the job's staging. */
  static BigQueryStaging prepare(
      JobSettings s, BigQueryBackend backend, String jobId, Clock clock) {
    BigQueryStaging staging = BigQueryStaging.of(s.dataset, jobId);
    BigQueryPreparation.prepare(backend, staging, clock.instant());
    return staging;
  }
}
