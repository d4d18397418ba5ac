package com.amperityworkflowruns.bigquery;

import com.google.api.services.bigquery.model.Table;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What BigQuery documents it does to a job's rows beyond the job's own requests, written as
 * rules the launcher and {@code check} decide from before anything is read: where a load may read
 * its files, which settings expire published rows, and how many partitions one job may change.
 * Plain functions of BigQuery's answers, without calls of their own.
 */
public final class DatasetRules {
  /**
   * Partitions one query or load job may modify: "BigQuery rejects any query or load job that
   * attempts to modify more than 4,000 partitions" (cloud.google.com/bigquery/quotas, partitioned
   * tables). A job's staging loads and its replacement each touch every day of its range.
   */
  public static final int MAX_PARTITIONS_PER_JOB = 4_000;

  /**
   * How far back the Storage Write API takes rows of a table partitioned on a date column: "between
   * 10 years in the past and 1 year in the future. Data outside this range is rejected"
   * (cloud.google.com/bigquery/docs/write-api, time-unit column partitioning).
   */
  public static final int STORAGE_WRITE_MAX_YEARS_BACK = 10;

  private DatasetRules() {}

  /**
   * Whether a load job into a dataset in {@code dataset} reads files from a bucket in {@code
   * bucket}: "If your dataset's location is set to a value other than the US multi-region, then the
   * Cloud Storage bucket must be in the same region or contained in the same multi-region as the
   * dataset" (cloud.google.com/bigquery/docs/batch-loading-data, and the limitations of
   * loading-data-cloud-storage-avro). So: a {@code US} dataset loads from any bucket; an {@code EU}
   * one from {@code EU}, the {@code EUR4} dual-region or a {@code europe-*} region; any other from
   * a bucket in its own location only.
   */
  public static boolean loadable(String dataset, String bucket) {
    String d = dataset.toUpperCase(Locale.ROOT);
    String b = bucket.toUpperCase(Locale.ROOT);
    return d.equals(b)
        || d.equals("US")
        || d.equals("EU") && (b.startsWith("EUROPE-") || b.equals("EUR4"));
  }

  /**
   * The settings of the dataset and of its existing tables ({@code existing}: name to table) under
   * which BigQuery deletes published rows: a default table or partition expiration of the dataset,
   * which every table created in it inherits (cloud.google.com/bigquery/docs/updating-datasets
   * #table-expiration, cloud.google.com/bigquery/docs/managing-partitioned-tables
   * #partition-expiration), and a table's own expiration time or partition expiration. Empty when
   * none; each one a phrase naming the setting, e.g. "the dataset's default partition expiration
   * (90 days)".
   */
  public static List<String> expirySettings(@Nullable Long defaultTableExpirationMs,
      @Nullable Long defaultPartitionExpirationMs, Map<String, Table> existing) {
    List<String> found = new ArrayList<>();
    if (defaultTableExpirationMs != null) {
      found.add("the dataset's default table expiration (" + days(defaultTableExpirationMs)
          + ")");
    }
    if (defaultPartitionExpirationMs != null) {
      found.add("the dataset's default partition expiration ("
          + days(defaultPartitionExpirationMs) + ")");
    }
    for (Map.Entry<String, Table> t : existing.entrySet()) {
      if (t.getValue().getExpirationTime() != null) {
        found.add(t.getKey() + "'s expiration time");
      }
      if (t.getValue().getTimePartitioning() != null
          && t.getValue().getTimePartitioning().getExpirationMs() != null) {
        found.add(t.getKey() + "'s partition expiration ("
            + days(t.getValue().getTimePartitioning().getExpirationMs()) + ")");
      }
    }
    return found;
  }

  /** The commands that remove the expirations {@link #expirySettings} found. */
  public static String expiryFix(DatasetRef dataset) {
    return "bq update --default_table_expiration 0 --default_partition_expiration 0 " + dataset
        + " (and bq update --time_partitioning_expiration 0 / --expiration 0 on each table named)";
  }

  /**
   * Why a stream that follows runs ended from {@code followFrom} on cannot write them with the
   * Storage Write API on {@code now}'s day, or null. The first day must be inside the window by one
   * day more than the limit: rows are written minutes to hours after the launch.
   */
  public static @Nullable String storageWriteRefusal(Instant followFrom, Instant now) {
    LocalDate first = LocalDate.ofInstant(followFrom, ZoneOffset.UTC);
    LocalDate earliest = LocalDate.ofInstant(now, ZoneOffset.UTC)
        .minusYears(STORAGE_WRITE_MAX_YEARS_BACK).plusDays(1);
    if (!first.isBefore(earliest)) {
      return null;
    }
    return "--followFrom=" + followFrom + " is more than " + STORAGE_WRITE_MAX_YEARS_BACK
        + " years ago: BigQuery's Storage Write API rejects rows of partitions more than "
        + STORAGE_WRITE_MAX_YEARS_BACK + " years in the past, so the stream's first windows"
        + " would fail; follow from " + earliest + " or later, and backfill the days before with"
        + " a batch job (--createdFrom/--createdTo)";
  }

  /** Whole days of {@code ms}, for a line a person reads. */
  private static String days(long ms) {
    return Duration.ofMillis(ms).toDays() + " days";
  }
}
