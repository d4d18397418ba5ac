package com.amperityworkflowruns.bigquery;

import java.io.Serializable;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where the BigQuery output goes: the table store that checks, creates and replaces tables, and
 * the services {@code BigQueryIO} loads through. {@link #google()} is Google Cloud; tests pass an
 * in-memory table store and Beam's {@code FakeBigQueryServices}.
 */
public final class BigQueryBackend implements Serializable {
  private static final long serialVersionUID = 1L;

  private final TableStore.Factory tables;
  private final @Nullable BigQueryServices services;

  private BigQueryBackend(TableStore.Factory tables, @Nullable BigQueryServices services) {
    this.tables = tables;
    this.services = services;
  }

  /** Google Cloud: {@link BigQueryTableStore} with its default time-outs, BigQueryIO's services. */
  public static BigQueryBackend google() {
    return new BigQueryBackend(BigQueryTableStore.Settings.defaults(), null);
  }

  /** A test backend: {@code tables} for the table steps, {@code services} for the loads. */
  public static BigQueryBackend of(TableStore.Factory tables, BigQueryServices services) {
    if (tables == null || services == null) {
      throw new IllegalArgumentException("tables and services are required");
    }
    return new BigQueryBackend(tables, services);
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
