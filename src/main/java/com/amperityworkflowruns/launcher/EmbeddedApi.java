package com.amperityworkflowruns.launcher;

import com.amperityworkflowruns.options.WorkflowRunsOptions;
import com.amperityworkflowruns.simulator.ApiSimulator;
import com.amperityworkflowruns.simulator.SimulatorConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The embedded simulator for {@code --embeddedSimulator}: started on a free loopback port, the
 * job pointed at it with OAuth client credentials whose secret sits in a private temporary file.
 */
final class EmbeddedApi implements AutoCloseable {
  private final @Nullable ApiSimulator simulator;
  private final @Nullable Path secretFile;

  private EmbeddedApi(@Nullable ApiSimulator simulator, @Nullable Path secretFile) {
    this.simulator = simulator;
    this.secretFile = secretFile;
  }

  static EmbeddedApi startIf(WorkflowRunsOptions options, PrintStream out) throws IOException {
    if (!Boolean.TRUE.equals(options.getEmbeddedSimulator())) {
      return new EmbeddedApi(null, null);
    }
    int[] latency = latency(options.getSimulatorLatencyMs());
    SimulatorConfig.Builder config =
        SimulatorConfig.builder()
            .totalRuns(options.getSimulatorRuns())
            .latencyMillis(latency[0], latency[1]);
    if (options.getTenant() != null) {
      config.tenant(options.getTenant());
    }
    ApiSimulator simulator = ApiSimulator.start(config.build());
    Path secret = Files.createTempFile("amperity-demo-secret", ".txt",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(secret, simulator.config().clientSecret(), StandardCharsets.UTF_8);
    options.setBaseUrl(simulator.baseUrl());
    options.setTenant(simulator.config().tenant());
    options.setClientId(simulator.config().clientId());
    options.setClientSecretFile(secret.toString());
    options.setTokenFile(null);
    out.printf(
        "embedded simulator: tenant %s with ~%,d runs at %s (latency %d-%d ms, %d requests/s)%n",
        simulator.config().tenant(),
        options.getSimulatorRuns(),
        simulator.baseUrl(),
        latency[0],
        latency[1],
        simulator.config().rateLimitPerSecond());
    return new EmbeddedApi(simulator, secret);
  }

  private static int[] latency(String spec) {
    String[] parts = spec == null ? new String[0] : spec.split("-");
    try {
      int min = Integer.parseInt(parts[0].trim());
      int max = parts.length > 1 ? Integer.parseInt(parts[1].trim()) : min;
      if (min < 0 || max < min) {
        throw new NumberFormatException();
      }
      return new int[] {min, max};
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "--simulatorLatencyMs=" + spec + " must be MIN-MAX milliseconds, e.g. 50-400");
    }
  }

  @Override
  public void close() throws IOException {
    if (simulator != null) {
      simulator.close();
    }
    if (secretFile != null) {
      Files.deleteIfExists(secretFile);
    }
  }
}
