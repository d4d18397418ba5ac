package com.amperityworkflowruns.bigquery;

import com.google.api.services.bigquery.model.TableReference;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A job's tables in one dataset: the three published tables and the job's staging tables, named
 * {@code TABLE__staging_JOBID} (hyphens of the job id become underscores) in the same dataset, so
 * that one transaction can read them and a dataset grant covers them.
 */
public final class BigQueryStaging implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Marker between a table's name and the job id in a staging table's name. */
  public static final String MARKER = "__staging_";

  private final DatasetRef dataset;
  private final String jobId;

  private BigQueryStaging(DatasetRef dataset, String jobId) {
    this.dataset = dataset;
    this.jobId = jobId;
  }

  /** The staging of job {@code jobId} in {@code dataset}. */
  public static BigQueryStaging of(DatasetRef dataset, String jobId) {
    if (dataset == null || jobId == null || !jobId.matches("[A-Za-z0-9_-]{1,200}")) {
      throw new IllegalArgumentException(
          "a dataset and a job id of letters, digits, '-' and '_' are required, got " + jobId);
    }
    return new BigQueryStaging(dataset, jobId);
  }

  public DatasetRef dataset() {
    return dataset;
  }

  public String jobId() {
    return jobId;
  }

  /** The published table of {@code spec}. */
  public TableReference target(TableSpec spec) {
    return dataset.table(spec.name());
  }

  /** This job's staging table of {@code spec}. */
  public TableReference stagingTable(TableSpec spec) {
    return dataset.table(
        spec.name() + MARKER + jobId.replace('-', '_').toLowerCase(Locale.ROOT));
  }

  /** One replacement per table, in the order of {@link BigQueryTables#all()}. */
  public List<TableStore.Replacement> replacements() {
    List<TableStore.Replacement> r = new ArrayList<>();
    for (TableSpec spec : BigQueryTables.all()) {
      r.add(new TableStore.Replacement(target(spec), stagingTable(spec), spec));
    }
    return r;
  }
}
