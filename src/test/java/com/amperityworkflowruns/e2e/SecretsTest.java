package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.gcp.InMemorySecretStore;
import com.amperityworkflowruns.options.WorkflowRunsOptions;
import com.amperityworkflowruns.simulator.ApiSimulator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets (a bearer token, an OAuth client secret, from a file or from Secret Manager) appear
 * nowhere: not on the launcher's streams, not in the process's own stdout/stderr (logging), not in
 * the pipeline options, not in any file the job leaves, in successful and failing jobs alike.
 */
@Timeout(180)
class SecretsTest {
  private static final String TOKEN = "tok-e2e-Secret-7f3a9c2b51d04e86";
  private static final String CLIENT_SECRET = "cs-e2e-Secret-91d2e4a7c3b85f60";
  private static final String WRONG_SECRET = "cs-wrong-Secret-0b7d55e1a2f94c3d";

  @TempDir Path tmp;

  /** What a job printed anywhere, with the process streams captured too. */
  private record Captured(JobRun job, String processOut, String processErr) {
    String everything() {
      return job.out + "\n" + job.err + "\n" + processOut + "\n" + processErr;
    }
  }

  /** Runs {@code job} with System.out and System.err redirected (slf4j-simple logs to System.err). */
  private static Captured capturingProcessStreams(Supplier<JobRun> job) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setOut(o);
      System.setErr(e);
      JobRun run = job.get();
      return new Captured(
          run, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  /** Files below {@code root} (secret files excluded) whose bytes contain {@code secret}. */
  private static List<String> filesContaining(Path root, String secret, Path... excluded)
      throws IOException {
    byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
    List<String> hits = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (List.of(excluded).contains(f)) {
          continue;
        }
        if (indexOf(Files.readAllBytes(f), needle) >= 0) {
          hits.add(root.relativize(f).toString());
        }
      }
    }
    return hits;
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static String serializedOptions(List<String> args) throws IOException {
    PipelineOptionsFactory.register(WorkflowRunsOptions.class);
    WorkflowRunsOptions options =
        PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).as(WorkflowRunsOptions.class);
    return new ObjectMapper().writeValueAsString(options);
  }

  @Test
  void givenTokenInFile_tokenAppearsNowhereInSuccessOrFailure() throws IOException {
    // Arrange
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(300).staticToken(TOKEN).build())) {
      Path tokenFile = SimJob.secretFile(tmp, "token", TOKEN);
      List<String> fromFile = SimJob.args(sim, tokenFile, tmp.resolve("out-file"));
      List<String> refused = SimJob.with(SimJob.args(sim, tokenFile, tmp.resolve("out-403")), "--tenant=other");

      // Act
      Captured a = capturingProcessStreams(() -> JobRun.launch(fromFile));
      Captured c = capturingProcessStreams(() -> JobRun.launch(refused));

      // Assert
      assertThat(a.job().exitCode).as(a.job().toString()).isZero();
      assertThat(c.job().exitCode).as(c.job().toString()).isEqualTo(1);
      assertThat(a.everything() + c.everything()).doesNotContain(TOKEN);
      assertThat(serializedOptions(fromFile) + serializedOptions(refused)).doesNotContain(TOKEN);
      assertThat(filesContaining(tmp, TOKEN, tokenFile)).isEmpty();
    }
  }

  @Test
  void givenOAuthClientSecret_secretAppearsNowhereEvenWhenRefused() throws IOException {
    // Arrange: OAuth only; one job with the right secret, one with a wrong one.
    try (ApiSimulator sim =
        ApiSimulator.start(
            SimJob.tenant(300).staticToken(null).clientSecret(CLIENT_SECRET).build())) {
      Path secretFile = SimJob.secretFile(tmp, "client-secret", CLIENT_SECRET);
      Path wrongFile = SimJob.secretFile(tmp, "wrong-secret", WRONG_SECRET);
      List<String> good = SimJob.without(SimJob.args(sim, secretFile, tmp.resolve("out")), "tokenFile");
      good.add("--clientId=" + sim.config().clientId());
      List<String> right = SimJob.with(good, "--clientSecretFile=" + secretFile);
      List<String> wrong =
          SimJob.with(SimJob.with(good, "--clientSecretFile=" + wrongFile), "--output=" + tmp.resolve("out-wrong"));

      // Act
      Captured a = capturingProcessStreams(() -> JobRun.launch(right));
      Captured b = capturingProcessStreams(() -> JobRun.launch(wrong));

      // Assert
      assertThat(a.job().exitCode).as(a.job().toString()).isZero();
      assertThat(b.job().exitCode).as(b.job().toString()).isEqualTo(1);
      assertThat(b.job().errLines()).singleElement().asString().startsWith("error: ");
      assertThat(a.everything()).doesNotContain(CLIENT_SECRET);
      assertThat(b.everything()).doesNotContain(WRONG_SECRET).doesNotContain(CLIENT_SECRET);
      assertThat(serializedOptions(right) + serializedOptions(wrong))
          .doesNotContain(CLIENT_SECRET)
          .doesNotContain(WRONG_SECRET);
      assertThat(filesContaining(tmp, CLIENT_SECRET, secretFile)).isEmpty();
      assertThat(filesContaining(tmp, WRONG_SECRET, wrongFile)).isEmpty();
    }
  }

  @Test
  void givenClientSecretInSecretManager_secretAppearsNowhereEvenWhenRefusedOrDenied()
      throws IOException {
    // Arrange: one store with the right secret, one with a wrong one, one that denies access.
    try (ApiSimulator sim =
        ApiSimulator.start(
            SimJob.tenant(300).staticToken(null).clientSecret(CLIENT_SECRET).build())) {
      String name = "projects/acme-prod/secrets/amperity-client-secret";
      InMemorySecretStore right = InMemorySecretStore.create();
      right.addVersion("acme-prod", "amperity-client-secret", CLIENT_SECRET);
      InMemorySecretStore wrong = InMemorySecretStore.create();
      wrong.addVersion("acme-prod", "amperity-client-secret", WRONG_SECRET);
      InMemorySecretStore denied = InMemorySecretStore.create();
      denied.addVersion("acme-prod", "amperity-client-secret", CLIENT_SECRET);
      denied.deny("acme-prod", "amperity-client-secret");
      List<String> args = SimJob.without(SimJob.args(sim, tmp, tmp.resolve("out")), "tokenFile");
      args.add("--clientId=" + sim.config().clientId());
      args.add("--clientSecretName=" + name);
      List<String> wrongArgs = SimJob.with(args, "--output=" + tmp.resolve("out-wrong"));
      List<String> deniedArgs = SimJob.with(args, "--output=" + tmp.resolve("out-denied"));

      // Act
      Captured a = capturingProcessStreams(() -> JobRun.launch(Map.of(), args, right.factory()));
      Captured b =
          capturingProcessStreams(() -> JobRun.launch(Map.of(), wrongArgs, wrong.factory()));
      Captured c =
          capturingProcessStreams(() -> JobRun.launch(Map.of(), deniedArgs, denied.factory()));

      // Assert
      assertThat(a.job().exitCode).as(a.job().toString()).isZero();
      assertThat(b.job().exitCode).as(b.job().toString()).isEqualTo(1);
      assertThat(c.job().exitCode).as(c.job().toString()).isEqualTo(2);
      assertThat(b.job().errLines()).singleElement().asString().startsWith("error: ");
      assertThat(c.job().errLines()).singleElement().asString().contains(name);
      String everything = a.everything() + b.everything() + c.everything();
      assertThat(everything).doesNotContain(CLIENT_SECRET).doesNotContain(WRONG_SECRET);
      assertThat(serializedOptions(args) + serializedOptions(wrongArgs))
          .contains(name)
          .doesNotContain(CLIENT_SECRET)
          .doesNotContain(WRONG_SECRET);
      assertThat(filesContaining(tmp, CLIENT_SECRET)).isEmpty();
      assertThat(filesContaining(tmp, WRONG_SECRET)).isEmpty();
    }
  }
}
