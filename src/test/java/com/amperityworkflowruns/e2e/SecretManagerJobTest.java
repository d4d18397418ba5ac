package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.gcp.InMemorySecretStore;
import com.amperityworkflowruns.gcp.SecretName;
import com.amperityworkflowruns.gcp.Secrets;
import com.amperityworkflowruns.simulator.ApiSimulator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs whose secret is in Secret Manager (an in-memory store here): the launcher validates it, the
 * reader's {@code @Setup} reads it from the JVM's cache, and a secret rotated after it was cached
 * is read again after the 401 it causes.
 */
@Timeout(180)
class SecretManagerJobTest {
  private static final String PROJECT = "acme-prod";

  @TempDir Path tmp;

  private List<String> oauthArgs(ApiSimulator sim, String secretName) {
    List<String> args =
        SimJob.without(SimJob.args(sim, tmp.resolve("unused"), tmp.resolve("out")), "tokenFile");
    args.add("--clientId=" + sim.config().clientId());
    args.add("--clientSecretName=" + secretName);
    return args;
  }

  @Test
  void givenClientSecretInSecretManager_jobWritesEveryRunAndReadsTheSecretOncePerJvm() {
    // Arrange
    try (ApiSimulator sim = ApiSimulator.start(
        SimJob.tenant(300).staticToken(null).clientSecret("cs-sm-6d0b7e").build())) {
      InMemorySecretStore store = InMemorySecretStore.create();
      store.addVersion(PROJECT, "client-secret", "cs-sm-6d0b7e\n");

      // Act
      JobRun job = JobRun.launch(
          Map.of(), oauthArgs(sim, "projects/acme-prod/secrets/client-secret"), store.factory());

      // Assert
      assertThat(job.exitCode).as(job.toString()).isZero();
      OutputAssert.outputEqualsTruth(tmp.resolve("out"), Truth.of(sim.tenant(), SimJob.FROM, SimJob.TO));
      assertThat(store.reads()).as("reads: the launcher's, then the workers' from the cache").isEqualTo(1);
    }
  }

  @Test
  void givenTokenInSecretManager_jobWritesEveryRun() {
    // Arrange
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(300).staticToken("tok-sm-91f3").build())) {
      InMemorySecretStore store = InMemorySecretStore.create();
      store.addVersion(PROJECT, "token", "tok-sm-91f3");
      List<String> args =
          SimJob.without(SimJob.args(sim, tmp.resolve("unused"), tmp.resolve("out")), "tokenFile");
      args.add("--tokenSecretName=projects/acme-prod/secrets/token/versions/1");

      // Act
      JobRun job = JobRun.launch(Map.of(), args, store.factory());

      // Assert
      assertThat(job.exitCode).as(job.toString()).isZero();
      OutputAssert.outputEqualsTruth(tmp.resolve("out"), Truth.of(sim.tenant(), SimJob.FROM, SimJob.TO));
    }
  }

  @Test
  void givenSecretRotatedAfterTheJvmCachedIt_theRefusedSecretIsReadAgainAndTheJobSucceeds() {
    // Arrange: this JVM cached version 1; then version 2, the one the API accepts, is added.
    try (ApiSimulator sim = ApiSimulator.start(
        SimJob.tenant(300).staticToken(null).clientSecret("cs-rotated-new-2a9c").build())) {
      InMemorySecretStore store = InMemorySecretStore.create();
      store.addVersion(PROJECT, "client-secret", "cs-rotated-old-77e1");
      String name = "projects/acme-prod/secrets/client-secret";
      Secrets.read(store.factory(), SecretName.parse("--clientSecretName", name), Map.of());
      store.addVersion(PROJECT, "client-secret", "cs-rotated-new-2a9c");

      // Act
      JobRun job = JobRun.launch(Map.of(), oauthArgs(sim, name), store.factory());

      // Assert
      assertThat(job.exitCode).as(job.toString()).isZero();
      OutputAssert.outputEqualsTruth(tmp.resolve("out"), Truth.of(sim.tenant(), SimJob.FROM, SimJob.TO));
      assertThat(store.reads()).as("the first read, and one after the 401").isEqualTo(2);
    }
  }
}
