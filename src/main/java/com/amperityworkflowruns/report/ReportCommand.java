package com.amperityworkflowruns.report;

import com.amperityworkflowruns.options.WorkflowRunsOptions;
import com.amperityworkflowruns.sink.LegacyOutput;
import com.amperityworkflowruns.publish.OutputLayout;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * {@code java -jar amperity-workflow-runs.jar report --output=DIR [--tenant=T] [--from=DATE]
 * [--to=DATE]}: rebuilds {@code DIR/report-T.html} from tenant T's published tables, without the
 * API; without {@code --tenant}, the report of every tenant of the output. Prints each page's
 * path. Exit codes as the job's: 0 written, 1 failed while reading or writing, 2 bad input (one
 * {@code error:} line).
 */
public final class ReportCommand {
  /** The first argument that selects this command. */
  public static final String NAME = "report";
  private static final String OPTIONS = "--output, --tenant, --from and --to";

  private final PrintStream out;
  private final PrintStream err;

  /** A command printing to the given streams. */
  public ReportCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Runs the command on {@code args} (without the leading {@code report}); returns the exit code. */
  public int run(String[] args) {
    String jobOption = jobOnlyOption(args);
    if (jobOption != null) {
      return badInput("--" + jobOption + " is an option of the job, not of report (report takes "
          + OPTIONS + ")");
    }
    String output;
    String tenant;
    LocalDate from;
    LocalDate to;
    try {
      PipelineOptionsFactory.register(ReportOptions.class);
      ReportOptions options =
          PipelineOptionsFactory.fromArgs(args).withValidation().as(ReportOptions.class);
      FileSystems.setDefaultPipelineOptions(options);
      output = options.getOutput();
      if (output == null || output.isBlank()) {
        return badInput("--output is required: the folder the job wrote to, e.g."
            + " report --output=/data/runs");
      }
      if (!output.contains("://") && !output.strip().startsWith("/")) {
        output = java.nio.file.Path.of(output.strip()).toAbsolutePath().normalize().toString();
      }
      tenant = options.getTenant();
      if (tenant != null && !OutputTenants.isTenant(tenant)) {
        return badInput("--tenant must be 1-128 letters, digits, '_', '.' or '-', got '" + tenant
            + "'");
      }
      from = day(options.getFrom(), "--from");
      to = day(options.getTo(), "--to");
      ReliabilityReport.checkRange(from, to);
      // Before any read: an output of the layout before tenants (data, stream or control files).
      LegacyOutput.checkNotLegacy(output.strip(), tenant);
    } catch (IllegalArgumentException e) {
      return badInput(firstLine(e));
    }
    try {
      Collection<String> tenants = tenant != null
          ? List.of(tenant) : OutputTenants.of(OutputLayout.of(output));
      for (String t : tenants) {
        out.println("report: " + ReliabilityReport.of(output, t).withRange(from, to).write());
      }
      return 0;
    } catch (NotAnOutputException e) {
      return badInput(e.getMessage());
    } catch (IOException | RuntimeException e) {
      err.println("error: cannot write the report: " + e);
      return 1;
    }
  }

  /**
   * The first argument naming an option of the job's own (say {@code --createdFrom}), which Beam
   * would accept silently once the job's options are registered in the same JVM.
   */
  private static String jobOnlyOption(String[] args) {
    Set<String> jobOptions = new HashSet<>();
    for (Method m : WorkflowRunsOptions.class.getDeclaredMethods()) {
      String n = m.getName();
      if (n.startsWith("get") && n.length() > 3) {
        jobOptions.add(Character.toLowerCase(n.charAt(3)) + n.substring(4));
      }
    }
    for (Method m : ReportOptions.class.getDeclaredMethods()) {
      jobOptions.remove(Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4));
    }
    for (String a : args) {
      String name = a.startsWith("--") ? a.substring(2).split("=", 2)[0] : null;
      if (name != null && jobOptions.contains(name)) {
        return name;
      }
    }
    return null;
  }

  private static LocalDate day(String value, String option) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          option + " must be a day YYYY-MM-DD (UTC), got '" + value + "'");
    }
  }

  private static String firstLine(IllegalArgumentException e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    if (m.contains("missing a property named")) {
      int i = m.indexOf("named '");
      String name = i < 0 ? "" : m.substring(i + 7, m.indexOf('\'', i + 7));
      return "unknown option --" + name + " for report (it takes " + OPTIONS + ")";
    }
    return m.split("\n")[0];
  }

  private int badInput(String message) {
    err.println("error: " + message);
    return 2;
  }
}
