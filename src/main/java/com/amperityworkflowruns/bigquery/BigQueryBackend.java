package com.amperityworkflowruns.bigquery;

import java.io.Serializable;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where the BigQuery output goes: the table store that checks, creates and replaces tables, the
 * services {@code BigQueryIO} loads through, and where the load files' bucket is. {@link
 * #google()} is Google Cloud; tests pass an in-memory table store, Beam's {@code
 * FakeBigQueryServices} and bucket locations of their own.
 */
public final class BigQueryBackend implements Serializable {
  private static final long serialVersionUID = 1L;

  private final TableStore.Factory tables;
  private final @Nullable BigQueryServices services;
  private final BucketLocations buckets;

  private BigQueryBackend(TableStore.Factory tables, @Nullable BigQueryServices services,
      BucketLocations buckets) {
    this.tables = tables;
    this.services = services;
    this.buckets = buckets;
  }

  /**
   * Google Cloud: {@link BigQueryTableStore} with its default time-outs, BigQueryIO's services,
   * Cloud Storage's bucket locations.
   */
  public static BigQueryBackend google() {
    return new BigQueryBackend(BigQueryTableStore.Settings.defaults(), null,
        BucketLocations.google());
  }

  /**
   * A test backend: {@code tables} for the table steps, {@code services} for the loads; every
   * bucket is in the {@code US} multi-region until {@link #withBuckets} says otherwise.
   */
  public static BigQueryBackend of(TableStore.Factory tables, BigQueryServices services) {
    if (tables == null || services == null) {
      throw new IllegalArgumentException("tables and services are required");
    }
    return new BigQueryBackend(tables, services, bucket -> "US");
  }

  /** This backend with the bucket locations of {@code buckets}. */
  public BigQueryBackend withBuckets(BucketLocations buckets) {
    if (buckets == null) {
      throw new IllegalArgumentException("bucket locations are required");
    }
    return new BigQueryBackend(tables, services, buckets);
  }

  /** Where the buckets are that load files are written to. */
  public BucketLocations buckets() {
    return buckets;
  }

  /** The table store's factory. */
  public TableStore.Factory tables() {
    return tables;
  }

  /** Services for BigQueryIO's {@code withTestServices}, or null for Google Cloud. */
  public @Nullable BigQueryServices services() {
    return services;
  }

  /** Whether this is Google Cloud (load files must then be on GCS). */
  public boolean isGoogleCloud() {
    return services == null;
  }
}
