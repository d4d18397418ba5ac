package com.amperityworkflowruns.launcher;

import com.amperityworkflowruns.options.WorkflowRunsOptions;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code --help}: the tool's own usage on one screen (its commands, the options people set with
 * their defaults, one example each, where the full list is), instead of Beam's list of every
 * registered option class. Beam's help stays available: {@code --help=WorkflowRunsOptions} (or any
 * registered class) describes every option of that class, {@code --beamHelp} lists the classes.
 *
 * <p>Defaults are read from the {@link Default} annotations of {@link WorkflowRunsOptions}, so
 * this page cannot drift from the code.
 */
final class Usage {
  /** Beam's own {@code --help}: the list of registered option classes. */
  static final String BEAM_HELP = "--beamHelp";

  private static final String JAR = "java -jar amperity-workflow-runs.jar";

  /** An option people set: its name, a value placeholder, a meaning and a default when none. */
  private static final class Row {
    final String option;
    final String value;
    final String meaning;
    final @Nullable String fixedDefault;

    Row(String option, String value, String meaning, @Nullable String fixedDefault) {
      this.option = option;
      this.value = value;
      this.meaning = meaning;
      this.fixedDefault = fixedDefault;
    }
  }

  private static final List<Row> ROWS = List.of(
      new Row("pipeline", "FILE", "job definition (YAML); the command line wins",
          "none"),
      new Row("tenant", "ID", "Amperity tenant id", "required"),
      new Row("tokenFile", "PATH", "bearer token (or AMPERITY_TOKEN)", "none"),
      new Row("clientId", "ID", "OAuth client, with --clientSecretFile=PATH", "none"),
      new Row("createdFrom", "DATE", "first day; and --createdTo=DATE, exclusive",
          "required*"),
      new Row("lookbackDays", "N", "*or the last N days and today", "none"),
      new Row("output", "DIR", "local directory or gs://bucket/prefix", "required"),
      new Row("format", "F", "parquet, or bigquery (--bigqueryDataset=P:D)", null),
      new Row("pageSize", "N", "runs a request; auto: the largest accepted", null),
      new Row("maxPageSize", "N", "the first (largest) size auto asks for", null),
      new Row("rateLimit", "R", "requests per second for the whole job", null),
      new Row("dryRun", "true", "print the plan; read and write nothing", null),
      new Row("resume", "true", "after a crash, keep the pages already read", null),
      new Row("mode", "M", "batch, or stream with --followFrom=INSTANT", null),
      new Row("embeddedSimulator", "true", "read the built-in simulated tenant", null));

  private Usage() {}

  /**
   * Handles the help options, if {@code args} holds one: prints and returns the exit code; else
   * returns empty and the command goes on.
   */
  static Optional<Integer> handle(String[] args, PrintStream out, PrintStream err) {
    for (String a : args) {
      if (a.equals("--help") || a.equals("-h") || a.equals("--help=true") || a.equals("help")) {
        print(out);
        return Optional.of(Launcher.OK);
      }
      if (a.equals(BEAM_HELP) || a.equals(BEAM_HELP + "=true")) {
        PipelineOptionsFactory.register(WorkflowRunsOptions.class);
        PipelineOptionsFactory.printHelp(out);
        return Optional.of(Launcher.OK);
      }
      if (a.startsWith("--help=")) {
        return Optional.of(beamHelpFor(a.substring("--help=".length()), out, err));
      }
    }
    return Optional.empty();
  }

  /** Beam's description of every option of the registered class {@code name}. */
  private static int beamHelpFor(String name, PrintStream out, PrintStream err) {
    PipelineOptionsFactory.register(WorkflowRunsOptions.class);
    for (Class<? extends PipelineOptions> c : PipelineOptionsFactory.getRegisteredOptions()) {
      if (c.getSimpleName().equals(name) || c.getName().equals(name)) {
        PipelineOptionsFactory.printHelp(out, c);
        return Launcher.OK;
      }
    }
    err.println("error: --help=" + name + ": no such option class; use --help=WorkflowRunsOptions"
        + " for every option of this tool, or " + BEAM_HELP + " for Beam's list of classes");
    return Launcher.BAD_INPUT;
  }

  /** The usage page. */
  static void print(PrintStream out) {
    out.println("amperity-workflow-runs: workflow runs of an Amperity tenant into Parquet or"
        + " BigQuery tables.");
    out.println();
    out.println("Commands (java -jar amperity-workflow-runs.jar [command] [--option=value ...])");
    out.println("  (none)   run a job: read the runs of a range, write and publish its days");
    out.println("  check    check the tenant, credentials, page limit and Google Cloud resources"
        + " of a job");
    out.println("  report   rebuild a tenant's HTML reliability report from an output");
    out.println("  migrate  move an output written before tenants to the per-tenant layout");
    out.println();
    out.println("Examples");
    out.println("  " + JAR + " --pipeline=pipelines/demo.yaml");
    out.println("  " + JAR + " --tenant=acme --tokenFile=token.txt \\");
    out.println("      --createdFrom=2024-01-01 --createdTo=2024-07-01 --output=./acme-runs");
    out.println("  " + JAR + " check --pipeline=pipelines/nightly.yaml --tenant=acme");
    out.println("  " + JAR + " report --output=./acme-runs --tenant=acme");
    out.println("  " + JAR + " migrate --output=./acme-runs --tenant=acme");
    out.println();
    out.printf("%-73s%s%n", "Options of a job and of check", "default");
    for (Row r : ROWS) {
      String left = "  --" + r.option + "=" + r.value;
      out.printf("%-27s %-45s %s%n", left, r.meaning, defaultOf(r));
    }
    out.println();
    out.println("Every option: --help=WorkflowRunsOptions; Secret Manager: --tokenSecretName,"
        + " --clientSecretName.");
    out.println("Dataflow: --runner=DataflowRunner --project --region --tempLocation"
        + " (docs/dataflow.md).");
    out.println("Beam's list of option classes: " + BEAM_HELP + ". Exit codes: 0 done, 1 failed,"
        + " 2 bad input.");
  }

  /** The default of an option as its annotation sets it, else the row's text. */
  static String defaultOf(String option) {
    for (Row r : ROWS) {
      if (r.option.equals(option)) {
        return defaultOf(r);
      }
    }
    throw new IllegalArgumentException("not on the usage page: " + option);
  }

  /** The options the usage page lists, by name. */
  static List<String> options() {
    return ROWS.stream().map(r -> r.option).toList();
  }

  private static String defaultOf(Row r) {
    if (r.fixedDefault != null) {
      return r.fixedDefault;
    }
    String getter = "get" + r.option.substring(0, 1).toUpperCase(Locale.ROOT)
        + r.option.substring(1);
    Method m = Arrays.stream(WorkflowRunsOptions.class.getMethods())
        .filter(x -> x.getName().equals(getter))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no option --" + r.option));
    Default.String s = m.getAnnotation(Default.String.class);
    Default.Integer i = m.getAnnotation(Default.Integer.class);
    Default.Double d = m.getAnnotation(Default.Double.class);
    Default.Boolean b = m.getAnnotation(Default.Boolean.class);
    if (s != null) {
      return s.value();
    }
    if (i != null) {
      return Integer.toString(i.value());
    }
    if (d != null) {
      return d.value() == Math.rint(d.value()) ? Long.toString((long) d.value())
          : Double.toString(d.value());
    }
    if (b != null) {
      return Boolean.toString(b.value());
    }
    throw new IllegalStateException("--" + r.option + " has no @Default: give the row one");
  }
}
