package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.gcp.GoogleAuth;
import com.amperityworkflowruns.gcp.InMemorySecretStore;
import com.amperityworkflowruns.gcp.NoGoogleCredentials;
import com.amperityworkflowruns.gcp.SecretStore;
import com.amperityworkflowruns.simulator.ApiSimulator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Google Cloud options that cannot work here end in one {@code error:} line and exit code 2, before
 * any request to the API and without writing anything: an unknown output scheme, {@code gs://} or
 * Secret Manager without Google credentials (the job gets an environment without any, {@link
 * NoGoogleCredentials}, so those cases run on every machine; they run the real clients and must
 * not retry), and secrets that are malformed, missing, refused or disabled.
 */
@Timeout(60)
class GoogleCloudBadInputTest {
  private static final String SECRET = "projects/acme-prod/secrets/amperity-client-secret";
  private static ApiSimulator sim;

  @TempDir Path tmp;

  @BeforeAll
  static void startSimulator() {
    sim = ApiSimulator.start(SimJob.tenant(100).staticToken(null).build());
  }

  @AfterAll
  static void stopSimulator() {
    sim.close();
  }

  private List<String> oauthArgs(String... extra) {
    List<String> args =
        SimJob.without(SimJob.args(sim, tmp.resolve("unused"), tmp.resolve("out")), "tokenFile");
    args.add("--clientId=" + sim.config().clientId());
    args.addAll(List.of(extra));
    return args;
  }

  private JobRun refused(List<String> args, SecretStore.Factory secrets) {
    sim.resetStats();
    Map<String, String> env = NoGoogleCredentials.env(tmp);
    assertThat(GoogleAuth.source(env)).as("Google credentials in the job's environment").isEmpty();
    JobRun job = JobRun.launch(env, args, secrets);
    assertThat(job.exitCode).as(job.toString()).isEqualTo(2);
    assertThat(job.errLines()).as(job.toString()).hasSize(1);
    assertThat(job.errLines().get(0)).startsWith("error: ");
    assertThat(tmp.resolve("out")).as("output folder").doesNotExist();
    assertThat(sim.stats().requests() + sim.stats().tokenRequests()).as("API requests").isZero();
    return job;
  }

  @Test
  void givenOutputOnUnknownScheme_namesTheScheme() {
    Path token = SimJob.secretFile(tmp, "token", "t");
    List<String> args =
        SimJob.with(SimJob.args(sim, token, tmp.resolve("out")), "--output=s3://bucket/runs");

    JobRun job = refused(args, InMemorySecretStore.create().factory());

    assertThat(job.errLines().get(0)).contains("scheme s3://").contains("gs://bucket/prefix");
  }

  @Test
  @Timeout(10) // the real clients: they must not retry
  void givenGcsOutputWithoutGoogleCredentials_saysSoWithTheFix() {
    Path token = SimJob.secretFile(tmp, "token", "t");
    List<String> args =
        SimJob.with(SimJob.args(sim, token, tmp.resolve("out")), "--output=gs://acme-bucket/runs");

    JobRun job = refused(args, InMemorySecretStore.create().factory());

    assertThat(job.errLines().get(0))
        .contains("--output=gs://acme-bucket/runs")
        .contains("no Google credentials")
        .contains("gcloud auth application-default login");
  }

  @Test
  @Timeout(10) // the real clients: they must not retry
  void givenDataflowRunnerWithoutGoogleCredentials_refusedBeforeTheRunnerIsBuilt() {
    Path token = SimJob.secretFile(tmp, "token", "t");
    List<String> args = SimJob.with(SimJob.args(sim, token, tmp.resolve("out")),
        "--output=gs://acme-bucket/runs");
    args.add("--runner=DataflowRunner");
    args.add("--maxNumWorkers=1");

    JobRun job = refused(args, InMemorySecretStore.create().factory());

    assertThat(job.errLines().get(0)).contains("DataflowRunner").contains("Google credentials");
  }

  @Test
  @Timeout(10) // the real clients: they must not retry
  void givenClientSecretNameWithoutGoogleCredentials_realSecretManagerFailsAtOnce() {

    JobRun job = refused(oauthArgs("--clientSecretName=" + SECRET),
        com.amperityworkflowruns.gcp.SecretManagerStore.factory());

    assertThat(job.errLines().get(0))
        .contains("--clientSecretName")
        .contains(SECRET + "/versions/latest")
        .contains("no Google credentials");
  }

  @Test
  void givenMalformedSecretName_namesTheExpectedForm() {
    JobRun job = refused(oauthArgs("--clientSecretName=amperity-client-secret"),
        InMemorySecretStore.create().factory());

    assertThat(job.errLines().get(0))
        .contains("--clientSecretName=amperity-client-secret")
        .contains("projects/PROJECT/secrets/SECRET/versions/VERSION");
  }

  @Test
  void givenMalformedTokenSecretName_namesTheExpectedForm() {
    List<String> args = SimJob.without(
        SimJob.args(sim, tmp.resolve("unused"), tmp.resolve("out")), "tokenFile");
    args.add("--tokenSecretName=projects/acme-prod/secrets/tok/versions/first");

    JobRun job = refused(args, InMemorySecretStore.create().factory());

    assertThat(job.errLines().get(0)).contains("--tokenSecretName=").contains("versions/VERSION");
  }

  @Test
  void givenMissingSecret_saysNotFoundAndHowToCreateIt() {
    JobRun job = refused(oauthArgs("--clientSecretName=" + SECRET),
        InMemorySecretStore.create().factory());

    assertThat(job.errLines().get(0)).contains(SECRET).contains("not found").contains("gcloud secrets create");
  }

  @Test
  void givenSecretTheCallerMayNotRead_saysPermissionDeniedAndTheRole() {
    InMemorySecretStore store = InMemorySecretStore.create();
    store.addVersion("acme-prod", "amperity-client-secret", "cs-never-shown-4e1f");
    store.deny("acme-prod", "amperity-client-secret");

    JobRun job = refused(oauthArgs("--clientSecretName=" + SECRET), store.factory());

    assertThat(job.errLines().get(0))
        .contains("permission denied")
        .contains("roles/secretmanager.secretAccessor")
        .doesNotContain("cs-never-shown-4e1f");
  }

  @Test
  void givenDisabledVersion_saysDisabled() {
    InMemorySecretStore store = InMemorySecretStore.create();
    store.addVersion("acme-prod", "amperity-client-secret", "cs-never-shown-4e1f");
    store.disable("acme-prod", "amperity-client-secret", 1);

    JobRun job = refused(oauthArgs("--clientSecretName=" + SECRET + "/versions/1"), store.factory());

    assertThat(job.errLines().get(0)).contains("/versions/1").contains("disabled");
  }

  @Test
  void givenClientSecretNameWithoutClientId_refused() {
    List<String> args = SimJob.without(
        SimJob.args(sim, tmp.resolve("unused"), tmp.resolve("out")), "tokenFile");
    args.add("--clientSecretName=" + SECRET);

    JobRun job = refused(args, InMemorySecretStore.create().factory());

    assertThat(job.errLines().get(0)).contains("--clientSecretName needs --clientId");
  }

  @Test
  void givenBothSecretFileAndSecretName_refused() {
    Path file = SimJob.secretFile(tmp, "cs", "x");

    JobRun job = refused(
        oauthArgs("--clientSecretName=" + SECRET, "--clientSecretFile=" + file),
        InMemorySecretStore.create().factory());

    assertThat(job.errLines().get(0)).contains("either --clientSecretFile or --clientSecretName");
  }
}
