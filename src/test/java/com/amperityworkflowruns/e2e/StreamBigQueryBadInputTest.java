package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.bigquery.BigQueryTables;
import com.amperityworkflowruns.bigquery.DatasetRef;
import com.amperityworkflowruns.bigquery.FakeBigQuery;
import com.amperityworkflowruns.simulator.ApiSimulator;
import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableSchema;
import com.google.api.services.bigquery.model.TimePartitioning;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to a stream into BigQuery is refused before anything is read: exit code 2, one
 * {@code error:} line naming the dataset, option or column, no request to the API, no stream
 * state written, no table created.
 */
@Timeout(120)
class StreamBigQueryBadInputTest {
  private static final DatasetRef DATASET = StreamBigQueryTest.DATASET;
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
    List<String> args = StreamBigQueryTest.args(sim, token, tmp.resolve("temp"),
        Instant.parse("2024-01-05T00:00:00Z"), Instant.parse("2024-01-06T00:00:00Z"), "PT6H");
    args.addAll(List.of(extra));
    return args;
  }

  private JobRun launchRefused(List<String> args) {
    sim.resetStats();
    return JobRun.launch(Map.of(), args, FakeBigQuery.backend()).assertRefusedBeforeReading(sim, tmp.resolve("temp"), "stream state");
  }

  @Test
  void givenADatasetThatDoesNotExist_exitsTwoNamingIt() {
    FakeBigQuery.resetWithoutDatasets();

    JobRun job = launchRefused(args());

    assertThat(job.err).contains("--bigqueryDataset=" + DATASET).contains("does not exist");
  }

  @Test
  void givenAMalformedDataset_exitsTwoNamingTheForm() {
    FakeBigQuery.reset(DATASET);

    JobRun job = launchRefused(SimJob.with(args(), "--bigqueryDataset=amperity_stream"));

    assertThat(job.err).contains("PROJECT:DATASET");
  }

  @Test
  void givenAStateFilter_exitsTwoNamingTheWhereClause() {
    FakeBigQuery.reset(DATASET);

    JobRun job = launchRefused(args("--state=failed"));

    assertThat(job.err).contains("--state cannot be used with --format=bigquery")
        .contains("WHERE clause");
    assertThat(FakeBigQuery.exists(DATASET, "finished_runs")).isFalse();
  }

  @Test
  void givenAStreamTableWhoseColumnHasAnotherType_exitsTwoNamingTheColumn() throws Exception {
    // Arrange: type_stats_hourly exists with window_start as a STRING
    FakeBigQuery.reset(DATASET);
    TableSchema ours = BigQueryTables.STATS_HOURLY.tableSchema();
    ours.getFields().stream().filter(f -> f.getName().equals("window_start"))
        .forEach(f -> f.setType("STRING"));
    new FakeDatasetService().createTable(new Table()
        .setTableReference(DATASET.table("type_stats_hourly"))
        .setTimePartitioning(new TimePartitioning().setType("DAY").setField("ended_date"))
        .setSchema(ours));

    // Act
    JobRun job = launchRefused(args());

    // Assert
    assertThat(job.err).contains("column window_start of table " + DATASET + ".type_stats_hourly")
        .contains("STRING, expected TIMESTAMP");
    assertThat(FakeBigQuery.exists(DATASET, "finished_runs")).isFalse();
  }

  @Test
  void givenNoOutput_exitsTwoAskingForTheStateFolder() {
    FakeBigQuery.reset(DATASET);

    JobRun job = launchRefused(SimJob.without(args(), "output"));

    assertThat(job.err).contains("needs --output").contains("lifecycle");
    assertThat(FakeBigQuery.exists(DATASET, "finished_runs")).isFalse();
  }

  @Test
  void givenResumeWithoutStreamState_exitsTwo() {
    FakeBigQuery.reset(DATASET);

    JobRun job = launchRefused(SimJob.with(args(), "--followFrom=resume"));

    assertThat(job.err).contains("holds no stream state");
  }

  @Test
  void givenAFollowFromMoreThanTenYearsAgo_exitsTwoNamingTheStorageWriteApisLimit() {
    // Arrange: a stream whose first windows' partitions BigQuery's Storage Write API rejects
    FakeBigQuery.reset(DATASET);
    Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
    List<String> args = StreamBigQueryTest.args(sim, token, tmp.resolve("temp"),
        Instant.parse("2014-01-05T00:00:00Z"), Instant.parse("2014-01-06T00:00:00Z"), "PT6H");

    // Act
    JobRun job = launchRefused(args);

    // Assert
    assertThat(job.err).contains("--followFrom=2014-01-05T00:00:00Z")
        .contains("more than 10 years ago").contains("Storage Write API");
    assertThat(FakeBigQuery.exists(DATASET, "finished_runs")).isFalse();
  }
}
