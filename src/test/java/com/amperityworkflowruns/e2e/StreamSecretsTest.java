package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.simulator.ApiSimulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream job with OAuth client credentials leaves its client secret nowhere: not on the
 * launcher's streams, not in logging, not in any table, marker or temporary file.
 */
@Timeout(180)
class StreamSecretsTest {
  private static final String CLIENT_SECRET = "cs-stream-Secret-5c1e9a7b3d2f4e80";

  @TempDir Path tmp;

  @Test
  void streamWithClientCredentials_leavesTheSecretNowhere() throws IOException {
    try (ApiSimulator sim = ApiSimulator.start(
        SimJob.tenant(400).clientSecret(CLIENT_SECRET).staticToken(null).build())) {
      // Arrange
      Path secretFile = SimJob.secretFile(tmp, "client-secret", CLIENT_SECRET);
      Path out = tmp.resolve("out");
      List<String> args = new ArrayList<>(StreamJob.args(sim, secretFile, out,
          Instant.parse("2024-01-05T00:00:00Z"), Instant.parse("2024-01-06T00:00:00Z"), "PT6H"));
      args = SimJob.without(args, "tokenFile");
      args.add("--clientId=" + sim.config().clientId());
      args.add("--clientSecretFile=" + secretFile);
      PrintStream oldOut = System.out;
      PrintStream oldErr = System.err;
      ByteArrayOutputStream process = new ByteArrayOutputStream();
      JobRun job;

      // Act
      try (PrintStream p = new PrintStream(process, true, StandardCharsets.UTF_8)) {
        System.setOut(p);
        System.setErr(p);
        job = JobRun.launch(args);
      } finally {
        System.setOut(oldOut);
        System.setErr(oldErr);
      }

      // Assert
      assertThat(job.exitCode).as(job.toString()).isZero();
      assertThat(new StreamTables(out).finishedRuns()).isNotEmpty();
      assertThat(job.out + job.err + process.toString(StandardCharsets.UTF_8))
          .doesNotContain(CLIENT_SECRET);
      List<String> hits = new ArrayList<>();
      try (Stream<Path> files = Files.walk(out)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(CLIENT_SECRET)) {
            hits.add(f.toString());
          }
        }
      }
      assertThat(hits).isEmpty();
    }
  }
}
