package com.amperityworkflowruns.check;

import com.amperityworkflowruns.bigquery.DatasetRef;
import java.io.Serializable;
import java.util.Map;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What {@code check} asks Google Cloud beyond the existing seams (secrets, tables, files): who the
 * credentials are, where buckets and datasets are, which APIs a project has enabled and who holds
 * which role on a resource. {@link GoogleCloudRest} asks Google's REST APIs; tests use an
 * in-memory fake.
 *
 * <p>Every method fails with a classified {@link CloudException}: no credentials, not found,
 * permission denied, unreachable, failed. None waits without bound (the caller adds a deadline
 * too).
 */
public interface GoogleCloud extends AutoCloseable {
  /** The account the credentials act as (an e-mail address), or how they are known. */
  String account() throws CloudException;

  /** The location of {@code bucket} (e.g. {@code EU}, {@code EUROPE-WEST1}). */
  String bucketLocation(String bucket) throws CloudException;

  /** The dataset's location and default expirations. */
  DatasetInfo dataset(DatasetRef dataset) throws CloudException;

  /** The services enabled on {@code project}, e.g. {@code bigquery.googleapis.com}. */
  Set<String> enabledServices(String project) throws CloudException;

  /**
   * The roles on {@code resource} by member ({@code serviceAccount:x@p.iam.gserviceaccount.com},
   * {@code user:a@b}); {@link CloudException.Kind#PERMISSION_DENIED} when the caller may not read
   * its policy.
   */
  Map<String, Set<String>> roles(Resource resource) throws CloudException;

  @Override
  void close();

  /** A dataset's location and its default expirations (null when none). */
  record DatasetInfo(
      String location,
      @Nullable Long defaultTableExpirationMs,
      @Nullable Long defaultPartitionExpirationMs) {}

  /** A resource with an IAM policy. */
  record Resource(Kind kind, String name) {
    /** The kinds of resource {@code check} reads policies of. */
    public enum Kind {
      BUCKET,
      DATASET,
      PROJECT
    }

    @Override
    public String toString() {
      return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + name;
    }
  }

  /** Google Cloud itself, over its REST APIs ({@link GoogleCloudRest}). */
  static Factory google() {
    return GoogleCloudRest.factory();
  }

  /** Opens a connection for this process; {@code env} is its environment. */
  interface Factory extends Serializable {
    GoogleCloud open(Map<String, String> env) throws CloudException;
  }
}
