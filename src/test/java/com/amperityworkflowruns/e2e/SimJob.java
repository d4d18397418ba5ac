package com.amperityworkflowruns.e2e;

import com.amperityworkflowruns.simulator.ApiSimulator;
import com.amperityworkflowruns.simulator.SimulatorConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A small simulated tenant and the command line of a job reading it: the shared arrangement of the
 * end-to-end tests. Every tenant lives on loopback and is kept small so that a job takes seconds.
 */
final class SimJob {
  /** First day of generated data and of the default range. */
  static final LocalDate FROM = LocalDate.of(2024, 1, 1);
  /** Day after the last day of generated data and end (exclusive) of the default range. */
  static final LocalDate TO = LocalDate.of(2024, 1, 15);

  private SimJob() {}

  /** About {@code runs} runs over [FROM, TO), fast answers, no rate limit, no faults. */
  static SimulatorConfig.Builder tenant(int runs) {
    return SimulatorConfig.builder()
        .seed(20240101L)
        .dataFrom(FROM)
        .dataTo(TO)
        .totalRuns(runs)
        .latencyMillis(0, 10)
        .rateLimitPerSecond(0);
  }

  /** Writes {@code secret} to a new file in {@code dir}. */
  static Path secretFile(Path dir, String name, String secret) {
    try {
      return Files.writeString(dir.resolve(name), secret + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Arguments reading [from, to) of {@code sim} with its static token into {@code output}. */
  static List<String> args(
      ApiSimulator sim, Path tokenFile, Path output, LocalDate from, LocalDate to) {
    List<String> args = new ArrayList<>();
    args.add("--tenant=" + sim.config().tenant());
    args.add("--baseUrl=" + sim.baseUrl());
    args.add("--tokenFile=" + tokenFile);
    args.add("--createdFrom=" + from);
    args.add("--createdTo=" + to);
    args.add("--output=" + output);
    args.add("--pageSize=50");
    args.add("--rateLimit=100");
    return args;
  }

  /** Arguments reading the whole tenant [FROM, TO). */
  static List<String> args(ApiSimulator sim, Path tokenFile, Path output) {
    return args(sim, tokenFile, output, FROM, TO);
  }

  /** A copy of {@code args} with {@code --name=...} replaced (or added) by {@code option}. */
  static List<String> with(List<String> args, String option) {
    String name = option.substring(0, option.indexOf('=') + 1);
    List<String> out = new ArrayList<>();
    for (String a : args) {
      if (!a.startsWith(name)) {
        out.add(a);
      }
    }
    out.add(option);
    return out;
  }

  /** A copy of {@code args} without {@code --name=...}. */
  static List<String> without(List<String> args, String name) {
    List<String> out = new ArrayList<>();
    for (String a : args) {
      if (!a.startsWith("--" + name + "=")) {
        out.add(a);
      }
    }
    return out;
  }
}
