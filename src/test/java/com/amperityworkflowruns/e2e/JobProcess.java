package com.amperityworkflowruns.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A job run by the command line in a JVM of its own ({@code Main}), as a second worker or a second
 * job would run: its own rate budget, its own connections, its own Redis client.
 */
final class JobProcess {
  private final Process process;
  private final Path log;

  private JobProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code Main} with {@code args}; its output (both streams) goes to a file in {@code dir}. */
  static JobProcess start(Path dir, String name, List<String> args) throws IOException {
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx1g", "-cp",
        System.getProperty("java.class.path"), "com.amperityworkflowruns.Main"));
    command.addAll(args);
    Path log = dir.resolve(name + ".log");
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    return new JobProcess(p, log);
  }

  /** Waits for the job to end (killing it after {@code seconds}); its exit code. */
  int await(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
    return process.exitValue();
  }

  /** What it printed. */
  String output() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }
}
