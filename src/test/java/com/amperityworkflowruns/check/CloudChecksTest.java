package com.amperityworkflowruns.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.bigquery.BigQueryBackend;
import com.amperityworkflowruns.bigquery.BigQueryTables;
import com.amperityworkflowruns.bigquery.DatasetRef;
import com.amperityworkflowruns.bigquery.FakeBigQuery;
import com.amperityworkflowruns.bigquery.TableStore;
import com.amperityworkflowruns.check.GoogleCloud.Resource.Kind;
import com.amperityworkflowruns.gcp.InMemorySecretStore;
import com.amperityworkflowruns.gcp.NoGoogleCredentials;
import com.amperityworkflowruns.gcp.SecretManagerStore;
import com.amperityworkflowruns.gcp.SecretName;
import com.amperityworkflowruns.bench.MemObjectStore;
import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableSchema;
import com.google.api.services.bigquery.model.TimePartitioning;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each Google Cloud check of {@code check} passes against its fake when the resource is as the
 * job needs it, and fails (or is skipped) with its fix when it is not. Buckets are on the tests'
 * in-memory file system ({@code mem://}), the secret in an in-memory store, tables in Beam's
 * fakes, the rest in {@link FakeGoogleCloud}.
 */
@Timeout(60)
class CloudChecksTest {
  private static final DatasetRef DATASET = DatasetRef.parse("acme-project:amperity_runs");
  private static final String JOB = "serviceAccount:job@acme-project.iam.gserviceaccount.com";

  @TempDir Path tmp;
  private String bucket;
  private FakeGoogleCloud cloud;
  private InMemorySecretStore secrets;
  private SecretName secret;

  @BeforeEach
  void arrangeEverythingAsTheJobNeedsIt() {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    bucket = "bucket-" + UUID.randomUUID().toString().substring(0, 8);
    FakeBigQuery.reset(DATASET);
    secrets = InMemorySecretStore.create();
    secrets.addVersion("acme-project", "amperity-client-secret", "s3cret");
    secret = SecretName.parse("--clientSecretName",
        "projects/acme-project/secrets/amperity-client-secret");
    cloud = FakeGoogleCloud.create()
        .bucket(bucket, "EU")
        .dataset(DATASET, new GoogleCloud.DatasetInfo("EU", null, null))
        .enabled("acme-project", "storage.googleapis.com", "bigquery.googleapis.com",
            "secretmanager.googleapis.com", "dataflow.googleapis.com")
        .grant(Kind.BUCKET, bucket, JOB, "roles/storage.objectAdmin")
        .grant(Kind.DATASET, DATASET.toString(), JOB, "roles/bigquery.dataEditor")
        .grant(Kind.PROJECT, "acme-project", JOB, "roles/bigquery.jobUser")
        .grant(Kind.PROJECT, "acme-project", JOB, "roles/dataflow.worker");
  }

  @AfterEach
  void freeTheBucket() {
    MemObjectStore.deleteAll("mem://" + bucket + "/");
  }

  /** A Dataflow BigQuery job with its secret in Secret Manager, all in one bucket. */
  private CloudChecks.Target target() {
    return new CloudChecks.Target("mem://" + bucket + "/amperity/out", "mem://" + bucket + "/tmp",
        true, null, DATASET, secret, "acme-project", null);
  }

  private List<Check> run(CloudChecks.Target target) {
    return run(target, CheckDeadline.of(Duration.ofSeconds(50), Duration.ofSeconds(10)));
  }

  private List<Check> run(CloudChecks.Target target, CheckDeadline deadline) {
    return CloudChecks.run(target, new CloudChecks.Seams(Map.of(), cloud.factory(),
        secrets.factory(), FakeBigQuery.backend()), deadline);
  }

  private static Check named(List<Check> lines, String name) {
    return lines.stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no line " + name + " in " + lines));
  }

  @Test
  void givenEverythingAsTheJobNeedsIt_whenChecked_thenEveryCloudCheckIsOkAndNothingIsLeft() {
    // Act
    List<Check> lines = run(target());

    // Assert
    assertThat(lines).extracting(Check::name).containsExactly("google credentials", "secret",
        "output bucket", "temp bucket", "dataset", "expiration", "table schemas", "apis",
        "iam output bucket", "iam temp bucket", "iam dataset", "iam project", "staging location");
    assertThat(lines).as(lines.toString()).allMatch(c -> c.status() == Check.Status.OK);
    assertThat(named(lines, "google credentials").found())
        .contains("job@acme-project.iam.gserviceaccount.com");
    assertThat(named(lines, "secret").found()).doesNotContain("s3cret");
    assertThat(named(lines, "output bucket").found()).contains("bucket in EU",
        "probe object written and deleted");
    assertThat(MemObjectStore.objects("mem://" + bucket + "/")).as("probes deleted").isEmpty();
  }

  @Test
  void givenAJobWithoutGoogleCloud_whenChecked_thenOneSkippedLine() {
    // Act
    List<Check> lines = run(new CloudChecks.Target(tmp.toString(), null, false, null, null, null,
        null, null));

    // Assert
    assertThat(lines).singleElement().satisfies(c -> {
      assertThat(c.status()).isEqualTo(Check.Status.SKIPPED);
      assertThat(c.name()).isEqualTo("google cloud");
    });
  }

  @Test
  void givenNoGoogleCredentials_whenCheckedWithTheRealSeams_thenEveryCloudCheckFailsInOneLine() {
    // Arrange: Google's own seams on a machine without credentials
    Map<String, String> env = NoGoogleCredentials.env(tmp);
    CloudChecks.Target target = new CloudChecks.Target("gs://acme-bucket/out", "gs://acme-bucket/tmp",
        true, null, DATASET, secret, "acme-project", null);

    // Act
    List<Check> lines = CloudChecks.run(target, new CloudChecks.Seams(env, GoogleCloud.google(),
        SecretManagerStore.factory(), BigQueryBackend.google()), CheckDeadline.startingNow());

    // Assert
    assertThat(lines).hasSize(13);
    assertThat(lines).allSatisfy(c -> {
      assertThat(c.status()).isEqualTo(Check.Status.FAIL);
      assertThat(c.found()).isEqualTo("no Google credentials here");
      assertThat(c.line()).doesNotContain("\n", "Exception");
    });
  }

  /** One changed resource, the check it concerns, and what its line must say. */
  private void assertFails(Consumer<FakeGoogleCloud> change, String check, String found,
      String fix) {
    change.accept(cloud);

    List<Check> lines = run(target());

    Check line = named(lines, check);
    assertThat(line.status()).as(line.line()).isEqualTo(Check.Status.FAIL);
    assertThat(line.found()).contains(found);
    assertThat(line.fix()).contains(fix);
    assertThat(lines.stream().filter(c -> c.status() == Check.Status.FAIL).map(Check::name))
        .as("only the changed resource fails: " + lines).containsOnly(check);
  }

  @Test
  void givenASecretTheCallerMayNotRead_thenTheSecretCheckFailsNamingTheRoleToGrant() {
    secrets.deny("acme-project", "amperity-client-secret");

    List<Check> lines = run(target());

    Check line = named(lines, "secret");
    assertThat(line.status()).isEqualTo(Check.Status.FAIL);
    assertThat(line.fix()).contains("roles/secretmanager.secretAccessor",
        "job@acme-project.iam.gserviceaccount.com");
  }

  @Test
  void givenABucketThatDoesNotExist_thenItsCheckFails() {
    // Arrange: the temp location in a bucket nobody created
    CloudChecks.Target t = target();
    CloudChecks.Target missing = new CloudChecks.Target(t.output(), "mem://no-such-bucket/tmp",
        t.dataflow(), "mem://" + bucket + "/staging", t.dataset(), t.secret(), t.project(), null);

    // Act
    List<Check> lines = run(missing);

    // Assert
    Check line = named(lines, "temp bucket");
    assertThat(line.status()).isEqualTo(Check.Status.FAIL);
    assertThat(line.found()).contains("no-such-bucket", "does not exist");
    assertThat(line.fix()).contains("create the bucket");
  }

  @Test
  void givenABucketThatHangs_thenItsCheckFailsAtItsDeadlineAndTheOthersStillRun() {
    // Arrange
    CountDownLatch release = MemObjectStore.hang(bucket);
    try {
      // Act
      List<Check> lines = run(target(),
          CheckDeadline.of(Duration.ofSeconds(30), Duration.ofMillis(500)));

      // Assert
      Check line = named(lines, "output bucket");
      assertThat(line.status()).isEqualTo(Check.Status.FAIL);
      assertThat(line.found()).contains("no answer within 0.5 s");
      assertThat(named(lines, "apis").status()).isEqualTo(Check.Status.OK);
    } finally {
      release.countDown();
    }
  }

  @Test
  void givenADatasetInAnotherLocationThanTheTempBucket_thenTheDatasetCheckFails() {
    assertFails(c -> c.dataset(DATASET, new GoogleCloud.DatasetInfo("US-EAST1", null, null)),
        "dataset", "in US-EAST1 but the temp bucket is in EU", "--tempLocation bucket in US-EAST1");
  }

  @Test
  void givenADefaultPartitionExpirationOnTheDataset_thenTheExpirationCheckFails() {
    assertFails(c -> c.dataset(DATASET, new GoogleCloud.DatasetInfo("EU", null, 90 * 86_400_000L)),
        "expiration", "default partition expiration (90 days)", "--default_partition_expiration 0");
  }

  @Test
  void givenATableThatExpires_thenTheExpirationCheckFailsNamingIt() throws Exception {
    try (TableStore store = FakeBigQuery.backend().tables().open()) {
      store.createTable(DATASET.table("rejects"), BigQueryTables.REJECTS,
          Instant.parse("2030-01-01T00:00:00Z"));
    }

    assertFails(c -> { }, "expiration", "rejects's expiration time", "bq update");
  }

  @Test
  void givenATableWhoseColumnHasAnotherType_thenTheSchemaCheckFailsNamingTheColumn()
      throws Exception {
    TableSchema ours = BigQueryTables.RUNS.tableSchema();
    ours.getFields().stream().filter(f -> f.getName().equals("duration_ms"))
        .forEach(f -> f.setType("STRING"));
    new FakeDatasetService().createTable(new Table()
        .setTableReference(DATASET.table("workflow_runs"))
        .setTimePartitioning(new TimePartitioning().setType("DAY").setField("created_date"))
        .setSchema(ours));

    assertFails(c -> { }, "table schemas", "duration_ms", "change or drop the table");
  }

  @Test
  void givenAnApiNotEnabled_thenTheApisCheckFailsWithTheCommandThatEnablesIt() {
    cloud = FakeGoogleCloud.create().bucket(bucket, "EU")
        .dataset(DATASET, new GoogleCloud.DatasetInfo("EU", null, null))
        .enabled("acme-project", "storage.googleapis.com", "secretmanager.googleapis.com",
            "dataflow.googleapis.com")
        .grant(Kind.PROJECT, "acme-project", JOB, "roles/owner");

    List<Check> lines = run(target());

    Check line = named(lines, "apis");
    assertThat(line.status()).isEqualTo(Check.Status.FAIL);
    assertThat(line.found()).contains("bigquery.googleapis.com");
    assertThat(line.fix()).isEqualTo("gcloud services enable bigquery.googleapis.com --project"
        + " acme-project");
  }

  @Test
  void givenTheJobsAccountLacksARoleOnTheDataset_thenTheIamCheckFailsWithTheGrant() {
    cloud = FakeGoogleCloud.create().bucket(bucket, "EU")
        .dataset(DATASET, new GoogleCloud.DatasetInfo("EU", null, null))
        .enabled("acme-project", "storage.googleapis.com", "bigquery.googleapis.com",
            "secretmanager.googleapis.com", "dataflow.googleapis.com")
        .grant(Kind.BUCKET, bucket, JOB, "roles/storage.objectAdmin")
        .grant(Kind.DATASET, DATASET.toString(), JOB, "roles/bigquery.dataViewer")
        .grant(Kind.PROJECT, "acme-project", JOB, "roles/bigquery.jobUser")
        .grant(Kind.PROJECT, "acme-project", JOB, "roles/dataflow.worker");

    List<Check> lines = run(target());

    Check line = named(lines, "iam dataset");
    assertThat(line.status()).isEqualTo(Check.Status.FAIL);
    assertThat(line.fix()).isEqualTo("grant roles/bigquery.dataEditor on dataset " + DATASET
        + " to " + JOB);
    assertThat(named(lines, "iam output bucket").status()).isEqualTo(Check.Status.OK);
  }

  @Test
  void givenAPolicyTheCallerMayNotRead_thenItsIamCheckIsSkippedWithTheReason() {
    cloud.unreadablePolicy(Kind.BUCKET, bucket);

    List<Check> lines = run(target());

    Check line = named(lines, "iam output bucket");
    assertThat(line.status()).isEqualTo(Check.Status.SKIPPED);
    assertThat(line.found()).contains("cannot read the IAM policy of bucket " + bucket);
  }

  @Test
  void givenAStagingLocationWithoutAFileSystem_thenTheStagingCheckFails() {
    CloudChecks.Target t = target();

    List<Check> lines = run(new CloudChecks.Target(t.output(), t.tempLocation(), true,
        "nofs://templates/staging", t.dataset(), t.secret(), t.project(), null));

    Check line = named(lines, "staging location");
    assertThat(line.status()).isEqualTo(Check.Status.FAIL);
    assertThat(line.found()).contains("no file system for nofs://");
  }
}
