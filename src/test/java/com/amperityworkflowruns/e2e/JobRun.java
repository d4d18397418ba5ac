package com.amperityworkflowruns.e2e;

import com.amperityworkflowruns.bigquery.BigQueryBackend;
import com.amperityworkflowruns.gcp.SecretManagerStore;
import com.amperityworkflowruns.gcp.SecretStore;
import com.amperityworkflowruns.launcher.Launcher;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
    return launch(env, args, SecretManagerStore.factory(), BigQueryBackend.google());
  }

  /** Runs {@link Launcher#run} reading the secrets named by options from {@code secrets}. */
  static JobRun launch(Map<String, String> env, List<String> args, SecretStore.Factory secrets) {
    return launch(env, args, secrets, BigQueryBackend.google());
  }

  /** The same, writing {@code --format=bigquery} through {@code bigQuery}. */
  static JobRun launch(Map<String, String> env, List<String> args, BigQueryBackend bigQuery) {
    return launch(env, args, SecretManagerStore.factory(), bigQuery);
  }

  /** Runs {@link Launcher#run} with both seams given. */
  static JobRun launch(Map<String, String> env, List<String> args, SecretStore.Factory secrets,
      BigQueryBackend bigQuery) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = new Launcher(o, e, env, Clock.systemUTC(), secrets, bigQuery)
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
