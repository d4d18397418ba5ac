package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.bigquery.BigQueryBackend;
import com.amperityworkflowruns.gcp.SecretManagerStore;
import com.amperityworkflowruns.gcp.SecretStore;
import com.amperityworkflowruns.launcher.Launcher;
import com.amperityworkflowruns.simulator.ApiSimulator;
import com.amperityworkflowruns.publish.PublishHook;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** One in-process run of the command-line launcher: its exit code and what it printed. */
final class JobRun {
  final int exitCode;
  final String out;
  final String err;

  private JobRun(int exitCode, String out, String err) {
    this.exitCode = exitCode;
    this.out = out;
    this.err = err;
  }

  /** Runs {@link Launcher#run} with {@code env} as the environment and the system clock. */
  static JobRun launch(Map<String, String> env, List<String> args) {
    return launch(env, args, SecretManagerStore.factory(), BigQueryBackend.google(),
        PublishHook.NONE);
  }

  /** Runs {@link Launcher#run} with {@code hook} called during the publish. */
  static JobRun launch(Map<String, String> env, List<String> args, PublishHook hook) {
    return launch(env, args, SecretManagerStore.factory(), BigQueryBackend.google(), hook);
  }

  /** Runs {@link Launcher#run} reading the secrets named by options from {@code secrets}. */
  static JobRun launch(Map<String, String> env, List<String> args, SecretStore.Factory secrets) {
    return launch(env, args, secrets, BigQueryBackend.google(), PublishHook.NONE);
  }

  /** The same, writing {@code --format=bigquery} through {@code bigQuery}. */
  static JobRun launch(Map<String, String> env, List<String> args, BigQueryBackend bigQuery) {
    return launch(env, args, SecretManagerStore.factory(), bigQuery, PublishHook.NONE);
  }

  /** Runs {@link Launcher#run} with {@code clock} as the launcher's clock (its "today"). */
  static JobRun launch(List<String> args, Clock clock) {
    return launch(Map.of(), args, SecretManagerStore.factory(), BigQueryBackend.google(),
        PublishHook.NONE, clock);
  }

  /** Runs {@link Launcher#run} with every seam given. */
  static JobRun launch(Map<String, String> env, List<String> args, SecretStore.Factory secrets,
      BigQueryBackend bigQuery, PublishHook hook) {
    return launch(env, args, secrets, bigQuery, hook, Clock.systemUTC());
  }

  /** Runs {@link Launcher#run} with every seam and the clock given. */
  static JobRun launch(Map<String, String> env, List<String> args, SecretStore.Factory secrets,
      BigQueryBackend bigQuery, PublishHook hook, Clock clock) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = new Launcher(o, e, env, clock, secrets, bigQuery).withPublishHook(hook)
          .run(args.toArray(new String[0]));
    }
    return new JobRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs with an empty environment. */
  static JobRun launch(List<String> args) {
    return launch(Map.of(), args);
  }

  /** The non-empty lines the launcher wrote to its error stream. */
  /**
   * Asserts that the launcher refused the job before reading: exit code 2, one {@code error:}
   * line, no request to {@code sim} since its stats were reset, and nothing at {@code folder}.
   */
  JobRun assertRefusedBeforeReading(ApiSimulator sim, Path folder, String folderName) {
    assertThat(exitCode).as(toString()).isEqualTo(2);
    assertThat(errLines()).as(toString()).singleElement().asString().startsWith("error: ");
    assertThat(folder).as(folderName).doesNotExist();
    assertThat(sim.stats().requests() + sim.stats().tokenRequests()).as("requests").isZero();
    return this;
  }

  List<String> errLines() {
    return Arrays.stream(err.split("\\R")).filter(l -> !l.isBlank()).toList();
  }

  /** The "N duplicates removed" count of the summary line, or -1 when there is none. */
  long duplicatesRemoved() {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("([\\d,]+) duplicates removed").matcher(out);
    return m.find() ? Long.parseLong(m.group(1).replace(",", "")) : -1;
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
  }
}
