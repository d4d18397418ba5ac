package com.amperityworkflowruns.bigquery;

import java.io.Serializable;

/**
 * Where a Cloud Storage bucket is: the location BigQuery compares with the dataset's before a load
 * job reads files from it ({@link DatasetRules#loadable}). {@link #google()} asks Cloud Storage;
 * tests give locations of their own.
 */
public interface BucketLocations extends Serializable {
  /**
   * The location of {@code bucket} as Cloud Storage names it ({@code US}, {@code EU}, {@code
   * EUROPE-WEST1}, ...).
   *
   * @throws TableStoreException classified: not found, permission denied, unreachable
   */
  String of(String bucket) throws TableStoreException;

  /** Cloud Storage's JSON API with this machine's Google credentials and bounded calls. */
  static BucketLocations google() {
    return new GcsBucketLocations();
  }
}
