package com.amperityworkflowruns.bigquery;

import com.google.api.services.bigquery.model.TableRow;
import java.util.List;
import org.apache.beam.sdk.io.gcp.testing.FakeBigQueryServices;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;

/**
 * The BigQuery of the tests: Beam's fakes for the loads (with load settings recorded) and the
 * in-memory table store for the table steps, sharing one set of tables. {@link #reset} clears
 * every table and job. The state is static, as in Beam's fakes (every deserialized DoFn copy must
 * see the same tables), so test classes using it must not run in parallel.
 */
public final class FakeBigQuery {
  private FakeBigQuery() {}

  /** Clears the fakes and creates {@code dataset}. */
  public static void reset(DatasetRef dataset) {
    FakeDatasetService.setUp();
    RecordingJobService.reset();
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
  }

  /** A backend writing into the fakes. */
  public static BigQueryBackend backend() {
    return BigQueryBackend.of(
        InMemoryTableStore.factory(),
        new FakeBigQueryServices()
            .withDatasetService(new FakeDatasetService())
            .withJobService(new RecordingJobService()));
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
            .withJobService(new RecordingJobService()));
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
