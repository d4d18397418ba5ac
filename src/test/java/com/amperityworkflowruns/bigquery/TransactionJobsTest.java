package com.amperityworkflowruns.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amperityworkflowruns.model.Days;
import com.google.api.services.bigquery.model.Dataset;
import com.google.api.services.bigquery.model.TableRow;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real table store against the loopback stand-in of BigQuery's REST API ({@link
 * BigQueryStandIn}): a publish's transaction runs once however its requests and bundles are
 * retried, the dataset's settings come back as {@code datasets.get} gives them, and the dry run
 * tells whether the caller may start jobs.
 */
@Timeout(60)
class TransactionJobsTest {
  private static final DatasetRef DATASET = DatasetRef.parse("tx-project:runs");
  private static final String TENANT = "acme";
  private static final LocalDate DAY = LocalDate.of(2024, 1, 2);
  private static final Days DAYS = Days.range(DAY, DAY.plusDays(1));

  private BigQueryStandIn bigQuery;
  private BigQueryStaging staging;

  @BeforeEach
  void startStandIn() throws Exception {
    bigQuery = BigQueryStandIn.start();
    bigQuery.createDataset(DATASET, "EU", null, 60 * 86_400_000L);
    staging = BigQueryStaging.of(DATASET, "job-1");
    try (TableStore store = store()) {
      for (TableSpec spec : BigQueryTables.all()) {
        store.createTable(staging.target(spec), spec, null);
        store.createTable(staging.stagingTable(spec), spec, null);
      }
    }
    bigQuery.insert(staging.stagingTable(BigQueryTables.REJECTS), List.of(new TableRow()
        .set("run_id", "r1").set("reason", "bad").set("raw_json", "{}")
        .set("created_date", DAY.toString()).set("tenant", TENANT)));
  }

  @AfterEach
  void stopStandIn() {
    bigQuery.close();
  }

  /** The store as production configures it, with 3 attempts per call and no real pauses. */
  private TableStore store() {
    return new BigQueryTableStore(
        BigQueryTableStore.Settings.unauthenticated(bigQuery.rootUrl(), Duration.ofSeconds(2),
            Duration.ofSeconds(20), 3, Duration.ofSeconds(5), Duration.ofSeconds(30)),
        null, millis -> { });
  }

  private long transactionInserts() {
    return bigQuery.requests().stream()
        .filter(r -> r.startsWith("POST") && r.endsWith("/jobs")).count();
  }

  @Test
  void givenTheAnswerToThePublishInsertIsLost_theSecondSubmissionIsRefused409AndTheJobAwaited()
      throws Exception {
    // Arrange: the job runs, but its insert's answer never arrives
    bigQuery.loseNextJobInsertAnswer();

    // Act
    try (TableStore store = store()) {
      store.replaceDays(staging.replacements(), DAYS, TENANT);
    }

    // Assert: the same id was submitted again and refused; one transaction ran, its rows once
    List<String> requests = bigQuery.requests();
    assertThat(requests).anyMatch(r -> r.startsWith("409 duplicate job amperity_runs_tx_"));
    assertThat(transactionInserts()).isEqualTo(2);
    assertThat(bigQuery.rows(DATASET.table("rejects"))).hasSize(1);
  }

  @Test
  void givenARetriedPublishBundle_itLooksUpTheFirstBundlesJobAndStartsNoSecondTransaction()
      throws Exception {
    // Arrange: the first bundle published
    try (TableStore store = store()) {
      store.replaceDays(staging.replacements(), DAYS, TENANT);
    }
    String id = TransactionJobs.jobId(TransactionJobs.digest(
        ReplaceSql.script(staging.replacements(), DAYS), TENANT), 1);

    int before = bigQuery.requests().size();

    // Act: the retried bundle publishes the same script
    try (TableStore store = store()) {
      store.replaceDays(staging.replacements(), DAYS, TENANT);
    }

    // Assert: the retry looked its job up and inserted none; one insert in all
    List<String> retry = bigQuery.requests().subList(before, bigQuery.requests().size());
    assertThat(retry).contains("GET /bigquery/v2/projects/" + DATASET.project + "/jobs/" + id)
        .noneMatch(r -> r.startsWith("POST"));
    assertThat(transactionInserts()).isEqualTo(1);
    assertThat(bigQuery.rows(DATASET.table("rejects"))).hasSize(1);
  }

  @Test
  void givenBigQueryAbortsTheCommitForAConcurrentUpdate_thePublishRunsItsNextTryAndSucceeds()
      throws Exception {
    // Arrange: the first COMMIT is aborted; no transaction is open after it (an exception
    // handler's ROLLBACK would fail there and hide the conflict)
    bigQuery.abortNextCommit(DATASET.table("rejects"));

    // Act
    try (TableStore store = store()) {
      store.replaceDays(staging.replacements(), DAYS, TENANT);
    }

    // Assert: try 2 ran and published
    String digest = TransactionJobs.digest(ReplaceSql.script(staging.replacements(), DAYS),
        TENANT);
    assertThat(bigQuery.requests()).contains("POST /bigquery/v2/projects/" + DATASET.project
        + "/jobs").anyMatch(r -> r.endsWith("/jobs/" + TransactionJobs.jobId(digest, 2)));
    assertThat(transactionInserts()).isEqualTo(2);
    assertThat(bigQuery.rows(DATASET.table("rejects"))).hasSize(1);
  }

  @Test
  void checkDataset_givesTheDatasetsLocationAndDefaultExpirations() throws Exception {
    try (TableStore store = store()) {
      Dataset d = store.checkDataset(DATASET);

      assertThat(d.getLocation()).isEqualTo("EU");
      assertThat(d.getDefaultPartitionExpirationMs()).isEqualTo(60 * 86_400_000L);
      assertThat(d.getDefaultTableExpirationMs()).isNull();
    }
  }

  @Test
  void checkCanStartJobs_passesWithJobsCreate_andFailsPermissionDeniedWithout() throws Exception {
    try (TableStore store = store()) {
      store.checkCanStartJobs(DATASET);
      bigQuery.denyJobs(DATASET.project);

      assertThatThrownBy(() -> store.checkCanStartJobs(DATASET))
          .isInstanceOfSatisfying(TableStoreException.class, e -> {
            assertThat(e.kind()).isEqualTo(TableStoreException.Kind.PERMISSION_DENIED);
            assertThat(e.getMessage()).contains("bigquery.jobs.create");
          });
    }
    assertThat(bigQuery.requests()).noneMatch(r -> r.startsWith("409"));
  }
}
