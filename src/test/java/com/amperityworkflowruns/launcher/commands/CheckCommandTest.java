package com.amperityworkflowruns.launcher.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.bigquery.BigQueryBackend;
import com.amperityworkflowruns.bigquery.DatasetRef;
import com.amperityworkflowruns.bigquery.FakeBigQuery;
import com.amperityworkflowruns.check.FakeGoogleCloud;
import com.amperityworkflowruns.check.GoogleCloud;
import com.amperityworkflowruns.check.GoogleCloud.Resource.Kind;
import com.amperityworkflowruns.gcp.InMemorySecretStore;
import com.amperityworkflowruns.gcp.NoGoogleCredentials;
import com.amperityworkflowruns.gcp.SecretManagerStore;
import com.amperityworkflowruns.gcp.SecretStore;
import com.amperityworkflowruns.simulator.ApiSimulator;
import com.amperityworkflowruns.simulator.SimulatorConfig;
import com.amperityworkflowruns.bench.MemObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code check}: against the simulator every API check is ok and names the page limit it
 * accepts, in a handful of requests; a wrong option fails the check it concerns with its fix;
 * offline, every cloud check fails in one line; bad options exit 2.
 */
@Timeout(60)
class CheckCommandTest {
  private static final String[] API_CHECKS = {"token", "tenant", "api-version", "runs path",
      "page limit", "with_total", "last 24 h", "job range", "latency", "run tenants"};

  @TempDir Path tmp;

  /** One run of the command: exit code, standard output, error output. */
  private record Run(int code, String out, String err) {
    List<String> lines() {
      return Arrays.asList(out.split("\\R"));
    }

    String line(String check) {
      return lines().stream().filter(l -> l.matches("^\\S+\\s+" + check + "\\s{2,}.*")).findFirst()
          .orElseThrow(() -> new AssertionError("no line for " + check + " in\n" + out));
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- out ---\n" + out + "--- err ---\n" + err;
    }
  }

  private static Run check(Map<String, String> env, SecretStore.Factory secrets,
      BigQueryBackend bigQuery, GoogleCloud.Factory cloud, List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = new CheckCommand(o, e, env, Clock.systemUTC(), secrets, bigQuery, cloud)
          .run(args.toArray(new String[0]));
    }
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Run check(List<String> args) {
    return check(Map.of(), SecretManagerStore.factory(), BigQueryBackend.google(),
        GoogleCloud.google(), args);
  }

  private static SimulatorConfig.Builder tenant() {
    return SimulatorConfig.builder().seed(7L).totalRuns(2_000).latencyMillis(0, 10)
        .rateLimitPerSecond(0).dataFrom(LocalDate.of(2024, 1, 1)).dataTo(LocalDate.of(2024, 2, 1))
        .maxPageSize(500);
  }

  private List<String> args(ApiSimulator sim, String... more) throws IOException {
    Path token = Files.writeString(tmp.resolve("token"), sim.config().staticToken());
    List<String> args = new ArrayList<>(List.of("--tenant=" + sim.config().tenant(),
        "--baseUrl=" + sim.baseUrl(), "--tokenFile=" + token, "--createdFrom=2024-01-01",
        "--createdTo=2024-02-01", "--output=" + tmp.resolve("out")));
    for (String m : more) {
      args.removeIf(a -> a.startsWith(m.substring(0, m.indexOf('=') + 1)));
      args.add(m);
    }
    return args;
  }

  @Test
  void givenSimulatorAcceptingPagesOf500_whenChecked_thenEveryApiCheckIsOkWithThatLimit()
      throws Exception {
    // Arrange
    try (ApiSimulator sim = ApiSimulator.start(tenant().build())) {
      // Act
      Run run = check(args(sim));

      // Assert
      assertThat(run.code).as(run.toString()).isZero();
      for (String name : API_CHECKS) {
        assertThat(run.line(name)).as(run.toString()).startsWith("ok ");
      }
      assertThat(run.line("page limit")).contains("500, the largest the API accepts (1000"
          + " refused; 2 requests)");
      assertThat(run.line("job range")).containsPattern("[\\d,]+ runs created in \\[2024-01-01");
      assertThat(run.line("with_total")).contains("total=");
      assertThat(run.line("google cloud")).startsWith("skipped");
      assertThat(run.lines()).last().asString().startsWith("summary: 10 ok, 0 FAIL, 1 skipped");
      assertThat(sim.stats().requests()).as("a handful of requests").isLessThanOrEqualTo(5);
      assertThat(tmp.resolve("out")).as("nothing written").doesNotExist();
      assertThat(run.err).isEmpty();
    }
  }

  @Test
  void givenTheDemoDefinition_whenChecked_thenEveryApiCheckIsOkAgainstTheEmbeddedSimulator() {
    // Act
    Run run = check(List.of("--pipeline=pipelines/demo.yaml",
        "--output=" + tmp.resolve("demo-out")));

    // Assert
    assertThat(run.code).as(run.toString()).isZero();
    for (String name : API_CHECKS) {
      assertThat(run.line(name)).as(run.toString()).startsWith("ok ");
    }
    assertThat(run.line("page limit")).contains("1000, the largest tried");
    assertThat(run.line("token")).contains("OAuth client");
  }

  static Stream<Arguments> wrongOptions() {
    return Stream.of(
        Arguments.of("--tenant=someone-else", "tenant", "check --tenant"),
        Arguments.of("--apiVersion=2023-01-01", "api-version", "--apiVersion"),
        Arguments.of("--runsPath=/no/such/path", "runs path", "--runsPath"),
        Arguments.of("--pageSize=1000", "page limit", "--pageSize=auto"));
  }

  @Test
  void givenAStreamJob_whenChecked_thenTheApiChecksAreOkAndTheJobRangeIsSkipped() throws Exception {
    // Arrange
    try (ApiSimulator sim = ApiSimulator.start(tenant().build())) {
      List<String> args = args(sim, "--mode=stream", "--followFrom=2024-01-05T00:00:00Z");
      args.removeIf(a -> a.startsWith("--createdFrom=") || a.startsWith("--createdTo="));

      // Act
      Run run = check(args);

      // Assert
      assertThat(run.code).as(run.toString()).isZero();
      assertThat(run.line("job range")).startsWith("skipped").contains("stream");
      assertThat(run.line("page limit")).startsWith("ok").contains("500");
    }
  }

  @Test
  void givenAStreamJobWithoutFollowFrom_whenChecked_thenBadOptionsExitTwo() throws Exception {
    try (ApiSimulator sim = ApiSimulator.start(tenant().build())) {
      List<String> args = args(sim, "--mode=stream");
      args.removeIf(a -> a.startsWith("--createdFrom=") || a.startsWith("--createdTo="));

      Run run = check(args);

      assertThat(run.code).as(run.toString()).isEqualTo(2);
      assertThat(run.err).contains("--followFrom");
      assertThat(sim.stats().requests()).isZero();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrongOptions")
  void givenAWrongOption_whenChecked_thenTheCheckItConcernsFailsWithItsFixAndExitOne(
      String option, String failedCheck, String fix) throws Exception {
    // Arrange
    try (ApiSimulator sim = ApiSimulator.start(tenant().build())) {
      // Act
      Run run = check(args(sim, option));

      // Assert
      assertThat(run.code).as(run.toString()).isEqualTo(1);
      assertThat(run.line(failedCheck)).startsWith("FAIL ").contains(" -- fix: ").contains(fix);
      assertThat(run.lines().stream().filter(l -> l.startsWith("FAIL"))).hasSize(1);
      assertThat(run.lines()).last().asString().startsWith("summary: ").contains("1 FAIL");
      assertThat(run.err).isEmpty();
    }
  }

  @Test
  void givenAnUnknownToken_whenChecked_thenTheTokenCheckFailsAndTheRestIsSkipped()
      throws Exception {
    try (ApiSimulator sim = ApiSimulator.start(tenant().build())) {
      Path wrong = Files.writeString(tmp.resolve("wrong"), "not-a-token");

      Run run = check(args(sim, "--tokenFile=" + wrong));

      assertThat(run.code).isEqualTo(1);
      assertThat(run.line("token")).startsWith("FAIL").contains("HTTP 401").contains("Get token");
      assertThat(run.line("latency")).startsWith("skipped");
      assertThat(sim.stats().requests()).isEqualTo(1);
    }
  }

  @Test
  void givenRunsCarryingAnotherTenant_whenChecked_thenTheRunTenantsCheckFails() throws Exception {
    try (ApiSimulator sim = ApiSimulator.start(tenant().runTenant("acme-sb-2zezitlj").build())) {
      Run run = check(args(sim));

      assertThat(run.code).isEqualTo(1);
      assertThat(run.line("run tenants")).startsWith("FAIL").contains("acme-sb-2zezitlj")
          .contains("check --tenant");
    }
  }

  @Test
  void givenNoGoogleCredentials_whenACloudJobIsChecked_thenEveryCloudCheckFailsInOneLineAndExitOne()
      throws Exception {
    // Arrange: a Dataflow job into BigQuery with its secret in Secret Manager, on a machine
    // without Google credentials; the real seams
    try (ApiSimulator sim = ApiSimulator.start(tenant().build())) {
      List<String> args = args(sim, "--output=gs://acme-bucket/amperity",
          "--format=bigquery", "--bigqueryDataset=acme-project:amperity_runs",
          "--tempLocation=gs://acme-bucket/tmp", "--runner=DataflowRunner",
          "--project=acme-project", "--region=europe-west1", "--maxNumWorkers=2",
          "--clientId=" + sim.config().clientId(),
          "--clientSecretName=projects/acme-project/secrets/amperity-client-secret");
      args.removeIf(a -> a.startsWith("--tokenFile="));

      // Act
      Run run = check(NoGoogleCredentials.env(tmp), SecretManagerStore.factory(),
          BigQueryBackend.google(), GoogleCloud.google(), args);

      // Assert
      assertThat(run.code).as(run.toString()).isEqualTo(1);
      List<String> cloud = run.lines().stream()
          .filter(l -> l.contains("no Google credentials here")).toList();
      assertThat(cloud).hasSize(13).allMatch(l -> l.startsWith("FAIL"));
      assertThat(run.line("api")).startsWith("skipped").contains("secret");
      assertThat(run.err).as("no stack trace").isEmpty();
      assertThat(sim.stats().requests()).isZero();
    }
  }

  @Test
  void givenCloudResourcesAsTheJobNeedsThem_whenCheckedAgainstFakes_thenEveryCheckIsOk()
      throws Exception {
    // Arrange: OAuth with the client secret in (an in-memory) Secret Manager, the output on the
    // in-memory file system, the resources in the fake cloud
    DatasetRef dataset = DatasetRef.parse("acme-project:amperity_runs");
    String bucket = "bucket-" + Long.toHexString(System.nanoTime());
    try (ApiSimulator sim = ApiSimulator.start(tenant().build())) {
      InMemorySecretStore secrets = InMemorySecretStore.create();
      secrets.addVersion("acme-project", "amperity-client-secret", sim.config().clientSecret());
      FakeBigQuery.reset(dataset);
      String member = "serviceAccount:job@acme-project.iam.gserviceaccount.com";
      FakeGoogleCloud cloud = FakeGoogleCloud.create().bucket(bucket, "EU")
          .dataset(dataset, new GoogleCloud.DatasetInfo("EU", null, null))
          .enabled("acme-project", "storage.googleapis.com", "bigquery.googleapis.com",
              "secretmanager.googleapis.com")
          .grant(Kind.BUCKET, bucket, member, "roles/storage.objectAdmin")
          .grant(Kind.DATASET, dataset.toString(), member, "roles/bigquery.dataEditor")
          .grant(Kind.PROJECT, "acme-project", member, "roles/bigquery.jobUser");
      List<String> args = args(sim, "--output=mem://" + bucket + "/amperity",
          "--format=bigquery", "--bigqueryDataset=" + dataset,
          "--tempLocation=mem://" + bucket + "/tmp", "--clientId=" + sim.config().clientId(),
          "--clientSecretName=projects/acme-project/secrets/amperity-client-secret");
      args.removeIf(a -> a.startsWith("--tokenFile="));

      // Act
      Run run = check(Map.of(), secrets.factory(), FakeBigQuery.backend(), cloud.factory(), args);

      // Assert
      assertThat(run.code).as(run.toString()).isZero();
      assertThat(run.lines().stream().filter(l -> l.startsWith("FAIL") || l.startsWith("skipped")))
          .as(run.toString()).isEmpty();
      assertThat(run.line("secret")).contains("readable").doesNotContain(
          sim.config().clientSecret());
      assertThat(run.line("iam dataset")).startsWith("ok");
      assertThat(MemObjectStore.objects("mem://" + bucket + "/")).as("probes deleted").isEmpty();
    }
  }

  @Test
  void givenBadOptions_whenChecked_thenOneErrorLineAndExitTwo() {
    for (List<String> bad : List.of(
        List.of("--tenant=acme", "--tokenFile=/nope", "--createdFrom=yesterday-ish",
            "--createdTo=2024-02-01", "--output=" + tmp),
        List.of("--noSuchOption=1"),
        List.of("--tenant=acme", "--pageSize=lots"))) {
      Run run = check(bad);

      assertThat(run.code).as(run.toString()).isEqualTo(2);
      assertThat(run.err.strip()).startsWith("error: ").doesNotContain("\n");
      assertThat(run.out).isEmpty();
    }
  }

  @Test
  void givenHelp_whenChecked_thenPrintsWhatCheckDoesAndExitsZero() {
    Run run = check(List.of("--help"));

    assertThat(run.code).isZero();
    assertThat(run.out).contains("check [--pipeline=FILE]", "Exit 0");
  }
}
