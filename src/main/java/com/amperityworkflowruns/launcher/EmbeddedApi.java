package com.amperityworkflowruns.launcher;

import com.amperityworkflowruns.model.ScaledClock;
import com.amperityworkflowruns.model.TimeRanges;
import com.amperityworkflowruns.options.WorkflowRunsOptions;
import com.amperityworkflowruns.simulator.ApiSimulator;
import com.amperityworkflowruns.simulator.SimulatorConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The embedded simulator for {@code --embeddedSimulator}: started on a free loopback port, the
 * job pointed at it with OAuth client credentials whose secret sits in a private temporary file.
 */
public final class EmbeddedApi implements AutoCloseable {
  /** How long after a run ends the live simulator's ended_* filters show it (clock time). */
  static final int LIVE_ENDED_LAG_MILLIS = 10_000;

  private final @Nullable ApiSimulator simulator;
  private final @Nullable Path secretFile;
  private final @Nullable ScaledClock clock;

  private EmbeddedApi(
      @Nullable ApiSimulator simulator, @Nullable Path secretFile, @Nullable ScaledClock clock) {
    this.simulator = simulator;
    this.secretFile = secretFile;
    this.clock = clock;
  }

  /** The live simulator's clock (the job must read "now" from it), or null. */
  @Nullable
  public ScaledClock liveClock() {
    return clock;
  }

  public static EmbeddedApi startIf(WorkflowRunsOptions options,
      PrintStream out) throws IOException {
    if (!Boolean.TRUE.equals(options.getEmbeddedSimulator())) {
      return new EmbeddedApi(null, null, null);
    }
    int[] latency = latency(options.getSimulatorLatencyMs());
    SimulatorConfig.Builder config =
        SimulatorConfig.builder()
            .totalRuns(options.getSimulatorRuns())
            .latencyMillis(latency[0], latency[1]);
    if (options.getTenant() != null) {
      config.tenant(options.getTenant());
    }
    ScaledClock clock = liveClock(options);
    if (clock != null) {
      // live mode: runs appear as the clock passes their start and end, and ended_* filters
      // show a run only a little after it ended, as a search index would
      config.clock(clock).endedVisibilityLagMillis(LIVE_ENDED_LAG_MILLIS);
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
    if (clock != null) {
      out.printf("embedded simulator in live mode: its clock started at %s and runs at %sx%n",
          options.getSimulatorClock(), options.getSimulatorSpeed());
    }
    return new EmbeddedApi(simulator, secret, clock);
  }

  private static @Nullable ScaledClock liveClock(WorkflowRunsOptions options) {
    double speed = options.getSimulatorSpeed() == null ? 0 : options.getSimulatorSpeed();
    if (speed < 0) {
      throw new IllegalArgumentException("--simulatorSpeed must be 0 or more, got " + speed);
    }
    if (options.getSimulatorClock() == null) {
      if (speed > 0) {
        throw new IllegalArgumentException(
            "--simulatorSpeed needs --simulatorClock, the instant the live clock starts at");
      }
      return null;
    }
    Instant start;
    try {
      start = TimeRanges.parse(options.getSimulatorClock());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--simulatorClock: " + e.getMessage());
    }
    return ScaledClock.startingAt(start, speed);
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
