package com.amperityworkflowruns.launcher.commands;

import com.amperityworkflowruns.launcher.Launcher;
import com.amperityworkflowruns.launcher.OutputCheck;
import com.amperityworkflowruns.options.PublishOptions;
import com.amperityworkflowruns.options.WorkflowRunsOptions;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.publish.PublishRefusedException;
import com.amperityworkflowruns.sink.LegacyMigration;
import com.amperityworkflowruns.sink.MigrationReport;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * {@code java -jar amperity-workflow-runs.jar migrate --output=DIR --tenant=T}: moves an output
 * written before outputs held several tenants to tenant {@code T}'s per-tenant layout ({@link
 * LegacyMigration}), without the API. Exit codes as the job's: 0 migrated (or nothing to
 * migrate), 1 failed (run it again: it continues where it stopped), 2 bad input; each failure is
 * one {@code error:} line.
 */
public final class MigrateCommand {
  /** The first argument that selects this command. */
  public static final String NAME = "migrate";

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  /** A command printing to the given streams, with {@code env} for Google credentials. */
  public MigrateCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  /** Runs the command on {@code args} (without the leading {@code migrate}); the exit code. */
  public int run(String[] args) {
    String jobOption = jobOnlyOption(args);
    if (jobOption != null) {
      return badInput("--" + jobOption + " is an option of the job, not of migrate (migrate takes"
          + " --output and --tenant)");
    }
    LegacyMigration migration;
    try {
      PipelineOptionsFactory.register(MigrateOptions.class);
      MigrateOptions options =
          PipelineOptionsFactory.fromArgs(args).withValidation().as(MigrateOptions.class);
      FileSystems.setDefaultPipelineOptions(options);
      String output = options.getOutput();
      if (output == null || output.isBlank()) {
        return badInput("--output is required: the folder the job wrote to, e.g. migrate"
            + " --output=/data/runs --tenant=acme");
      }
      if (options.getTenant() == null || options.getTenant().isBlank()) {
        return badInput("--tenant is required: the tenant whose runs " + output + " holds");
      }
      output = output.strip();
      if (!output.contains("://")) {
        output = java.nio.file.Path.of(output).toAbsolutePath().normalize().toString();
      } else {
        OutputCheck.ensureWritable(output, env, OutputCheck.DEADLINE);
      }
      migration = LegacyMigration.of(output, OutputLayout.checkTenant(options.getTenant()));
    } catch (IllegalArgumentException e) {
      return badInput(firstLine(e));
    }
    try {
      MigrationReport report = migration.run();
      report.lines().forEach(out::println);
      return Launcher.OK;
    } catch (IllegalArgumentException e) {
      return badInput(firstLine(e));
    } catch (PublishRefusedException e) {
      err.println("error: " + e.getMessage());
      return Launcher.JOB_FAILED;
    } catch (IOException | RuntimeException e) {
      err.println("error: the migration stopped: " + Launcher.rootMessage(e) + "; nothing is"
          + " lost: run the same command again, it continues where it stopped");
      return Launcher.JOB_FAILED;
    }
  }

  /**
   * The first argument naming an option of the job's own (say {@code --createdFrom}), which Beam
   * would accept silently once the job's options are registered in the same JVM.
   */
  private static String jobOnlyOption(String[] args) {
    Set<String> jobOptions = new HashSet<>();
    for (Class<?> c : List.of(WorkflowRunsOptions.class, PublishOptions.class)) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.getName().startsWith("get") && m.getName().length() > 3) {
          jobOptions.add(Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4));
        }
      }
    }
    jobOptions.removeAll(List.of("output", "tenant"));
    for (String a : args) {
      String name = a.startsWith("--") ? a.substring(2).split("=", 2)[0] : null;
      if (name != null && jobOptions.contains(name)) {
        return name;
      }
    }
    return null;
  }

  private static String firstLine(IllegalArgumentException e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    if (m.contains("missing a property named")) {
      int i = m.indexOf("named '");
      String name = i < 0 ? "" : m.substring(i + 7, m.indexOf('\'', i + 7));
      return "unknown option --" + name + " for migrate (it takes --output and --tenant)";
    }
    return m.split("\n")[0];
  }

  private int badInput(String message) {
    err.println("error: " + message);
    return Launcher.BAD_INPUT;
  }
}
