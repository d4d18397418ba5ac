package com.amperityworkflowruns.bigquery;

import com.google.api.services.bigquery.model.TableRow;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.io.gcp.testing.FakeBigQueryServices;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;

/**
 * The BigQuery of the tests: Beam's fakes for the loads (with load settings recorded) and the
 * in-memory table store for the table steps, sharing one set of tables, and Cloud Storage's bucket
 * locations. {@link #reset} clears every table, job, dataset setting and bucket. The state is
 * static, as in Beam's fakes (every deserialized DoFn copy must see the same tables), so test
 * classes using it must not run in parallel.
 */
public final class FakeBigQuery {
  /** Bucket name to location; a bucket not named here does not exist. */
  private static final Map<String, String> BUCKETS = new ConcurrentHashMap<>();

  private FakeBigQuery() {}

  /** Clears the fakes and creates {@code dataset}. */
  public static void reset(DatasetRef dataset) {
    FakeDatasetService.setUp();
    RecordingJobService.reset();
    InMemoryTableStore.forgetDatasets();
    BUCKETS.clear();
    try {
      new FakeDatasetService().createDataset(dataset.project, dataset.dataset, "", "", null);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Creates {@code dataset} next to the others, clearing nothing. */
  public static void addDataset(DatasetRef dataset) {
    try {
      new FakeDatasetService().createDataset(dataset.project, dataset.dataset, "", "", null);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Clears the fakes, with no dataset at all. */
  public static void resetWithoutDatasets() {
    FakeDatasetService.setUp();
    RecordingJobService.reset();
    InMemoryTableStore.forgetDatasets();
    BUCKETS.clear();
  }

  /**
   * Puts {@code dataset} in {@code location} with default table and partition expirations (null:
   * none), as {@code datasets.get} answers; tables created from now on inherit them.
   */
  public static void describeDataset(DatasetRef dataset, String location,
      Long defaultTableExpirationMs, Long defaultPartitionExpirationMs) {
    InMemoryTableStore.describeDataset(dataset, location, defaultTableExpirationMs,
        defaultPartitionExpirationMs);
  }

  /** Denies the job's credentials {@code bigquery.jobs.create} in {@code project}. */
  public static void denyJobs(String project) {
    InMemoryTableStore.denyJobs(project);
  }

  /** Creates the bucket {@code name} in {@code location} (e.g. EU, ASIA-NORTHEAST1). */
  public static void bucket(String name, String location) {
    BUCKETS.put(name, location);
  }

  /** The location of {@code bucket}, as Cloud Storage answers. */
  static String bucketLocation(String bucket) throws TableStoreException {
    String location = BUCKETS.get(bucket);
    if (location == null) {
      throw new TableStoreException(TableStoreException.Kind.NOT_FOUND,
          "HTTP 404 notFound The specified bucket does not exist.");
    }
    return location;
  }

  /** A backend writing into the fakes. */
  public static BigQueryBackend backend() {
    return BigQueryBackend.of(
        InMemoryTableStore.factory(),
        new FakeBigQueryServices()
            .withDatasetService(new FakeDatasetService())
            .withJobService(new RecordingJobService()))
        .withBuckets(FakeBigQuery::bucketLocation);
  }

  /**
   * A backend whose table steps go to the REST API at {@code rootUrl} (a loopback address in
   * tests) without credentials, with short time-outs: 3 attempts, 300 ms to read.
   */
  public static BigQueryBackend restApiAt(String rootUrl) {
    return BigQueryBackend.of(
        BigQueryTableStore.Settings.unauthenticated(rootUrl, java.time.Duration.ofMillis(500),
            java.time.Duration.ofMillis(300), 3, java.time.Duration.ofSeconds(5),
            java.time.Duration.ofSeconds(5)),
        new FakeBigQueryServices()
            .withDatasetService(new FakeDatasetService())
            .withJobService(new RecordingJobService()))
        .withBuckets(FakeBigQuery::bucketLocation);
  }

  /** Every row of {@code table} in {@code dataset}. */
  public static List<TableRow> rows(DatasetRef dataset, String table) {
    try {
      return new InMemoryTableStore().rows(dataset.table(table));
    } catch (TableStoreException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A TIMESTAMP value of a row the fakes hold, as epoch microseconds. */
  public static long micros(Object timestamp) {
    java.time.Instant t = StreamRows.instant(timestamp);
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }

  /** The names of the dataset's tables that exist. */
  public static boolean exists(DatasetRef dataset, String table) {
    try {
      return new InMemoryTableStore().describe(dataset.table(table)) != null;
    } catch (TableStoreException e) {
      throw new IllegalStateException(e);
    }
  }
}
