package com.amperityworkflowruns.launcher;

import com.amperityworkflowruns.bigquery.DatasetRef;
import com.amperityworkflowruns.options.WorkflowRunsOptions;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Validates {@code --format} with {@code --bigqueryDataset} and picks the working folder. */
final class OutputFormat {
  static final String PARQUET = "parquet";
  static final String BIGQUERY = "bigquery";

  private OutputFormat() {}

  /**
   * The dataset of a BigQuery job, or null for Parquet.
   *
   * @throws IllegalArgumentException naming the fix
   */
  static @Nullable DatasetRef dataset(WorkflowRunsOptions o) {
    String format = o.getFormat();
    if (PARQUET.equals(format)) {
      if (o.getBigqueryDataset() != null) {
        throw new IllegalArgumentException(
            "--bigqueryDataset needs --format=bigquery (the format is parquet)");
      }
      return null;
    }
    if (BIGQUERY.equals(format)) {
      if (o.getBigqueryDataset() == null || o.getBigqueryDataset().isBlank()) {
        throw new IllegalArgumentException(
            "--format=bigquery needs --bigqueryDataset=PROJECT:DATASET");
      }
      return DatasetRef.parse(o.getBigqueryDataset());
    }
    throw new IllegalArgumentException(
        "--format=" + format + " is not supported: use --format=parquet or --format=bigquery");
  }

  /**
   * The output folder: {@code --output}; for BigQuery, where it only holds working files (resume
   * spool, summary), it defaults to {@code {tempLocation}/amperity-workflow-runs/PROJECT_DATASET}
   * (one folder per dataset, so that jobs writing different datasets never share a spool).
   */
  static @Nullable String output(WorkflowRunsOptions o, @Nullable DatasetRef dataset) {
    if (o.getOutput() != null || dataset == null) {
      return o.getOutput();
    }
    if (o.getTempLocation() == null || o.getTempLocation().isBlank()) {
      throw new IllegalArgumentException(
          "--format=bigquery needs --output or --tempLocation: a folder for the job's working"
              + " files (resume spool, summary)");
    }
    String temp = o.getTempLocation();
    return (temp.endsWith("/") ? temp : temp + "/") + "amperity-workflow-runs/"
        + dataset.project.replace(':', '_') + "_" + dataset.dataset;
  }
}
