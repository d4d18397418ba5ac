package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.bigquery.BigQueryBackend;
import com.amperityworkflowruns.bigquery.BigQueryTables;
import com.amperityworkflowruns.bigquery.DatasetRef;
import com.amperityworkflowruns.bigquery.FakeBigQuery;
import com.amperityworkflowruns.bigquery.TableStore;
import com.amperityworkflowruns.gcp.GoogleAuth;
import com.amperityworkflowruns.gcp.NoGoogleCredentials;
import com.amperityworkflowruns.simulator.ApiSimulator;
import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableSchema;
import com.google.api.services.bigquery.model.TimePartitioning;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad BigQuery input is refused before anything is read: exit code 2, one {@code error:} line
 * naming the option, dataset or column, no request to the API, no working folder.
 */
@Timeout(60)
class BigQueryBadInputTest {
  private static final DatasetRef DATASET = DatasetRef.parse("test-project:amperity_runs");
  private static ApiSimulator sim;

  @TempDir Path tmp;

  @BeforeAll
  static void startSimulator() {
    sim = ApiSimulator.start(SimJob.tenant(100).build());
  }

  @AfterAll
  static void stopSimulator() {
    sim.close();
  }

  private List<String> args(String... extra) {
    Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
    List<String> args = SimJob.args(sim, token, tmp.resolve("out"));
    args.addAll(List.of(extra));
    return args;
  }

  private JobRun launchRefused(BigQueryBackend backend, List<String> args) {
    sim.resetStats();
    return JobRun.launch(NoGoogleCredentials.env(tmp), args, backend)
        .assertRefusedBeforeReading(sim, tmp.resolve("out"), "working folder");
  }

  @Test
  void givenAMalformedDataset_exitsTwoNamingTheForm() {
    FakeBigQuery.reset(DATASET);

    JobRun job = launchRefused(FakeBigQuery.backend(),
        args("--format=bigquery", "--bigqueryDataset=amperity_runs"));

    assertThat(job.err).contains("PROJECT:DATASET");
  }

  @Test
  void givenBigQueryWithoutADataset_exitsTwo() {
    JobRun job = launchRefused(FakeBigQuery.backend(), args("--format=bigquery"));

    assertThat(job.err).contains("--bigqueryDataset");
  }

  @Test
  void givenADatasetWithParquet_orAnUnknownFormat_exitsTwo() {
    launchRefused(FakeBigQuery.backend(), args("--bigqueryDataset=" + DATASET));
    JobRun job = launchRefused(FakeBigQuery.backend(), args("--format=avro"));

    assertThat(job.err).contains("--format=parquet or --format=bigquery");
  }

  @Test
  void givenAStateOrTypeFilter_exitsTwoNamingTheWhereClause_beforeAnyBigQueryRequest() {
    // Arrange: no dataset at all, so a BigQuery request would end in "does not exist".
    FakeBigQuery.resetWithoutDatasets();

    // Act
    JobRun byState = launchRefused(FakeBigQuery.backend(),
        args("--format=bigquery", "--bigqueryDataset=" + DATASET, "--state=failed"));
    JobRun byType = launchRefused(FakeBigQuery.backend(),
        args("--format=bigquery", "--bigqueryDataset=" + DATASET, "--type=ingest"));

    // Assert
    assertThat(byState.err).contains("--state cannot be used with --format=bigquery")
        .contains("WHERE clause").doesNotContain("does not exist");
    assertThat(byType.err).contains("--type cannot be used with --format=bigquery")
        .contains("WHERE clause").doesNotContain("does not exist");
  }

  @Test
  void givenADatasetThatDoesNotExist_exitsTwoNamingIt() {
    FakeBigQuery.resetWithoutDatasets();

    JobRun job = launchRefused(FakeBigQuery.backend(),
        args("--format=bigquery", "--bigqueryDataset=" + DATASET));

    assertThat(job.err).contains("test-project:amperity_runs").contains("does not exist");
  }

  @Test
  void givenADatasetThatCannotBeReached_exitsTwoNamingItAfterBoundedRetries() throws Exception {
    int port;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }

    JobRun job = launchRefused(FakeBigQuery.restApiAt("http://127.0.0.1:" + port + "/"),
        args("--format=bigquery", "--bigqueryDataset=" + DATASET));

    assertThat(job.err).contains("--bigqueryDataset=" + DATASET + " cannot be reached")
        .contains("after 3 attempts").contains("check the network");
  }

  @Test
  void givenATableWhoseColumnHasAnotherType_exitsTwoNamingTheColumn() throws Exception {
    FakeBigQuery.reset(DATASET);
    TableSchema ours = BigQueryTables.RUNS.tableSchema();
    ours.getFields().stream().filter(f -> f.getName().equals("duration_ms"))
        .forEach(f -> f.setType("STRING"));
    new FakeDatasetService().createTable(new Table()
        .setTableReference(DATASET.table("workflow_runs"))
        .setTimePartitioning(new TimePartitioning().setType("DAY").setField("created_date"))
        .setSchema(ours));

    JobRun job = launchRefused(FakeBigQuery.backend(),
        args("--format=bigquery", "--bigqueryDataset=" + DATASET));

    assertThat(job.err).contains("column duration_ms of table " + DATASET + ".workflow_runs")
        .contains("STRING, expected INTEGER");
  }

  @Test
  void onGoogleCloud_givenALocalTempLocation_exitsTwoAskingForGcs() {
    JobRun job = launchRefused(BigQueryBackend.google(), args("--format=bigquery",
        "--bigqueryDataset=" + DATASET, "--tempLocation=" + tmp.resolve("temp")));

    assertThat(job.err).contains("--tempLocation=gs://");
  }

  /**
   * A job whose environment has no Google credentials (on any machine: {@link
   * NoGoogleCredentials}), and no network: one line within a minute.
   */
  @Test
  void givenAnEnvironmentWithoutGoogleCredentials_exitsTwoWithOneLineBeforeAnyRequest()
      throws Exception {
    assertThat(GoogleAuth.source(NoGoogleCredentials.env(tmp))).isEmpty();

    JobRun job = launchRefused(BigQueryBackend.google(), args("--format=bigquery",
        "--bigqueryDataset=" + DATASET, "--tempLocation=gs://my-bucket/temp"));

    assertThat(job.err).contains("--bigqueryDataset=" + DATASET)
        .contains("no Google credentials found")
        .contains("gcloud auth application-default login");
  }

  @Test
  void givenADatasetWithADefaultPartitionExpiration_exitsTwoNamingTheSettingAndTheFix() {
    // Arrange: every table created in it would drop days older than 60 days
    FakeBigQuery.reset(DATASET);
    FakeBigQuery.describeDataset(DATASET, "US", null, 60 * 86_400_000L);

    // Act
    JobRun job = launchRefused(FakeBigQuery.backend(),
        args("--format=bigquery", "--bigqueryDataset=" + DATASET));

    // Assert
    assertThat(job.err).contains("the dataset's default partition expiration (60 days)")
        .contains("bq update --default_table_expiration 0 --default_partition_expiration 0 "
            + DATASET);
    assertThat(FakeBigQuery.exists(DATASET, "workflow_runs")).isFalse();
  }

  @Test
  void givenAnExistingTableThatExpires_exitsTwoNamingTheTable() throws Exception {
    FakeBigQuery.reset(DATASET);
    try (TableStore store = FakeBigQuery.backend().tables().open()) {
      store.createTable(DATASET.table("workflow_runs"), BigQueryTables.RUNS,
          Instant.parse("2030-01-01T00:00:00Z"));
    }

    JobRun job = launchRefused(FakeBigQuery.backend(),
        args("--format=bigquery", "--bigqueryDataset=" + DATASET));

    assertThat(job.err).contains("workflow_runs's expiration time").contains("bq update");
  }

  @Test
  void givenATempBucketTheDatasetCannotLoadFrom_exitsTwoNamingBothLocations() {
    // Arrange: a Tokyo dataset, load files in an EU bucket
    FakeBigQuery.reset(DATASET);
    FakeBigQuery.describeDataset(DATASET, "asia-northeast1", null, null);
    FakeBigQuery.bucket("runs-eu", "EU");

    // Act
    JobRun job = launchRefused(FakeBigQuery.backend(), args("--format=bigquery",
        "--bigqueryDataset=" + DATASET, "--tempLocation=gs://runs-eu/temp"));

    // Assert
    assertThat(job.err).contains("--tempLocation=gs://runs-eu/temp")
        .contains("bucket runs-eu is in EU").contains("is in asia-northeast1")
        .contains("use a --tempLocation bucket in asia-northeast1");
  }

  @Test
  void givenAUsDatasetAndABucketAnywhere_theLocationCheckPasses() {
    FakeBigQuery.reset(DATASET);
    FakeBigQuery.bucket("runs-eu", "EU");
    FakeBigQuery.denyJobs(DATASET.project); // stops the job at the next check, before reading

    JobRun job = launchRefused(FakeBigQuery.backend(), args("--format=bigquery",
        "--bigqueryDataset=" + DATASET, "--tempLocation=gs://runs-eu/temp"));

    assertThat(job.err).doesNotContain("--tempLocation").contains("bigquery.jobs.create");
  }

  @Test
  void givenARangeOfMoreThan4000Days_exitsTwoAskingToSplitIt_beforeAnyBigQueryRequest() {
    // Arrange: no dataset at all, so a BigQuery request would end in "does not exist"
    FakeBigQuery.resetWithoutDatasets();

    // Act
    JobRun job = launchRefused(FakeBigQuery.backend(), SimJob.with(SimJob.with(
        args("--format=bigquery", "--bigqueryDataset=" + DATASET),
        "--createdFrom=2010-01-01"), "--createdTo=2021-01-01"));

    // Assert
    assertThat(job.err).contains("spans 4018 days").contains("more than 4000 partitions")
        .contains("at most 4000 days").doesNotContain("does not exist");
  }

  @Test
  void givenCredentialsThatMayNotStartJobsInTheProject_exitsTwoNamingJobUser() {
    FakeBigQuery.reset(DATASET);
    FakeBigQuery.denyJobs(DATASET.project);

    JobRun job = launchRefused(FakeBigQuery.backend(),
        args("--format=bigquery", "--bigqueryDataset=" + DATASET));

    assertThat(job.err).contains("bigquery.jobs.create")
        .contains("grant roles/bigquery.jobUser on project test-project")
        .doesNotContain("dataEditor");
  }

  @Test
  void givenAQuota403FromBigQuery_exitsTwoNamingTheQuota_notAGrant() throws Exception {
    // Arrange: a BigQuery that answers every call with 403 quotaExceeded
    com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      byte[] body = ("{\"error\":{\"code\":403,\"message\":\"Quota exceeded: Your project"
          + " exceeded quota for api requests\",\"errors\":[{\"reason\":\"quotaExceeded\","
          + "\"message\":\"Quota exceeded\"}]}}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(403, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    try {
      // Act
      JobRun job = launchRefused(FakeBigQuery.restApiAt(
          "http://127.0.0.1:" + server.getAddress().getPort() + "/"),
          args("--format=bigquery", "--bigqueryDataset=" + DATASET));

      // Assert
      assertThat(job.err).contains("quotaExceeded").contains("quota or rate limit, not a"
          + " permission").doesNotContain("roles/bigquery.dataEditor");
    } finally {
      server.stop(0);
    }
  }
}
