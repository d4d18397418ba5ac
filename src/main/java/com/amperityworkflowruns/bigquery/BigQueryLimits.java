package com.amperityworkflowruns.bigquery;

import com.google.api.services.bigquery.model.Dataset;
import com.google.api.services.bigquery.model.Table;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The launcher's checks, before anything is read, of what BigQuery documents it would refuse or
 * delete only later, after the whole read ({@link DatasetRules}): a default or table expiration
 * that deletes published days, a temp bucket that the loads cannot read from, a range of more
 * partitions than one job may modify, a stream start the Storage Write API refuses, and
 * credentials that may not start query jobs. Each refusal is one line naming the option or
 * setting and the fix.
 *
 * <pre>{@code
 * BigQueryLimits.checkBatch(backend, dataset, "gs://bucket/temp", 4);
 * }</pre>
 */
public final class BigQueryLimits {
  private BigQueryLimits() {}

  /**
   * A batch job writing {@code rangeDays} days into {@code dataset}, its load files under {@code
   * tempLocation} (checked when on {@code gs://}).
   *
   * @throws IllegalArgumentException with one actionable line
   */
  public static void checkBatch(BigQueryBackend backend, DatasetRef dataset,
      @Nullable String tempLocation, long rangeDays) {
    if (rangeDays > DatasetRules.MAX_PARTITIONS_PER_JOB) {
      throw new IllegalArgumentException("the job's range spans " + rangeDays + " days, and"
          + " --format=bigquery loads and replaces every day of it in one BigQuery job each;"
          + " BigQuery rejects a job that modifies more than "
          + DatasetRules.MAX_PARTITIONS_PER_JOB + " partitions (cloud.google.com/bigquery/quotas):"
          + " split the range into jobs of at most " + DatasetRules.MAX_PARTITIONS_PER_JOB
          + " days (--createdFrom/--createdTo)");
    }
    List<TableSpec> tables = new java.util.ArrayList<>(BigQueryTables.all());
    tables.add(BigQueryTables.REFRESH_MARKS);
    check(backend, dataset, tables, tempLocation);
  }

  /**
   * A stream into {@code dataset} following runs that ended from {@code followFrom} on, launched
   * at {@code now}.
   *
   * @throws IllegalArgumentException with one actionable line
   */
  public static void checkStream(BigQueryBackend backend, DatasetRef dataset, Instant followFrom,
      Instant now) {
    String refusal = DatasetRules.storageWriteRefusal(followFrom, now);
    if (refusal != null) {
      throw new IllegalArgumentException(refusal);
    }
    check(backend, dataset, BigQueryTables.stream(), null);
  }

  private static void check(BigQueryBackend backend, DatasetRef dataset, List<TableSpec> tables,
      @Nullable String tempLocation) {
    try (TableStore store = backend.tables().open()) {
      Dataset info = store.checkDataset(dataset);
      refuseExpiry(store, dataset, info, tables);
      if (tempLocation != null && tempLocation.startsWith("gs://")) {
        refuseBucket(backend.buckets(), dataset, info.getLocation(), tempLocation);
      }
      try {
        store.checkCanStartJobs(dataset);
      } catch (TableStoreException e) {
        throw new IllegalArgumentException(jobsProblem(dataset, e), e);
      }
    } catch (TableStoreException e) {
      throw new IllegalArgumentException(
          BigQueryPreparation.datasetProblem(dataset, e), e);
    }
  }

  private static void refuseExpiry(TableStore store, DatasetRef dataset, Dataset info,
      List<TableSpec> tables) throws TableStoreException {
    Map<String, Table> existing = new LinkedHashMap<>();
    for (TableSpec spec : tables) {
      Table t = store.describe(dataset.table(spec.name()));
      if (t != null) {
        existing.put(spec.name(), t);
      }
    }
    List<String> found = DatasetRules.expirySettings(info.getDefaultTableExpirationMs(),
        info.getDefaultPartitionExpirationMs(), existing);
    if (!found.isEmpty()) {
      throw new IllegalArgumentException("--bigqueryDataset=" + dataset + ": "
          + String.join(", ", found) + ": BigQuery would delete published days (tables the job"
          + " creates inherit the dataset's defaults) and the job could not tell; remove them: "
          + DatasetRules.expiryFix(dataset));
    }
  }

  private static void refuseBucket(BucketLocations buckets, DatasetRef dataset,
      String datasetLocation, String tempLocation) {
    String bucket = tempLocation.substring("gs://".length()).split("/", 2)[0];
    String where;
    try {
      where = buckets.of(bucket);
    } catch (TableStoreException e) {
      throw new IllegalArgumentException("--tempLocation=" + tempLocation + ": cannot read the"
          + " location of bucket " + bucket + " (" + e.getMessage() + "): "
          + (e.kind() == TableStoreException.Kind.NOT_FOUND ? "create the bucket or fix the path"
              : "grant the job's account roles/storage.objectAdmin on the bucket"), e);
    }
    if (!DatasetRules.loadable(datasetLocation, where)) {
      throw new IllegalArgumentException("--tempLocation=" + tempLocation + ": bucket " + bucket
          + " is in " + where + " but --bigqueryDataset=" + dataset + " is in " + datasetLocation
          + ", and BigQuery loads a dataset outside the US multi-region only from a bucket in its"
          + " own location: use a --tempLocation bucket in " + datasetLocation);
    }
  }

  private static String jobsProblem(DatasetRef dataset, TableStoreException e) {
    if (e.kind() == TableStoreException.Kind.PERMISSION_DENIED) {
      return "--bigqueryDataset=" + dataset + ": the job's credentials may not start BigQuery"
          + " jobs in project " + dataset.project + " (bigquery.jobs.create; " + e.getMessage()
          + "): grant roles/bigquery.jobUser on project " + dataset.project;
    }
    return BigQueryPreparation.datasetProblem(dataset, e);
  }
}
