package com.amperityworkflowruns;

import com.amperityworkflowruns.bigquery.BigQueryBackend;
import com.amperityworkflowruns.launcher.commands.BigQueryMigrateCommand;
import com.amperityworkflowruns.launcher.ConsoleLogging;
import com.amperityworkflowruns.launcher.commands.CheckCommand;
import com.amperityworkflowruns.launcher.Launcher;
import com.amperityworkflowruns.launcher.commands.MigrateCommand;
import com.amperityworkflowruns.report.ReportCommand;
import java.time.Clock;
import java.util.Arrays;

/**
 * Command-line entry point: {@code java -jar amperity-workflow-runs.jar [--option=value ...]} runs
 * the job; {@code ... report --output=DIR [--from=DATE --to=DATE]} rebuilds its HTML report;
 * {@code ... migrate --output=DIR --tenant=T} moves an output of the layout before tenants to the
 * per-tenant layout; {@code ... migrate --format=bigquery --bigqueryDataset=P:D --tenant=T} files
 * the rows of a dataset written before tables held tenants under tenant T;
 * {@code ... check [job options]} checks what a job needs before it runs;
 * {@code --help} prints the usage.
 */
public final class Main {
  private Main() {}

  /** Runs the job, report, check or migrate; exits with its code (0 done, 1 failed, 2 bad input). */
  public static void main(String[] args) {
    ConsoleLogging.install();
    int code =
        BigQueryMigrateCommand.selectedBy(args)
            ? new BigQueryMigrateCommand(System.out, System.err, BigQueryBackend.google())
                .run(Arrays.copyOfRange(args, 1, args.length))
            : args.length > 0 && args[0].equals(ReportCommand.NAME)
            ? new ReportCommand(System.out, System.err).run(Arrays.copyOfRange(args, 1, args.length))
            : args.length > 0 && args[0].equals(CheckCommand.NAME)
            ? new CheckCommand(System.out, System.err, System.getenv(), Clock.systemUTC())
                .run(Arrays.copyOfRange(args, 1, args.length))
            : args.length > 0 && args[0].equals(MigrateCommand.NAME)
            ? new MigrateCommand(System.out, System.err, System.getenv())
                .run(Arrays.copyOfRange(args, 1, args.length))
            : new Launcher(System.out, System.err, System.getenv(), Clock.systemUTC()).run(args);
    System.exit(code);
  }
}
