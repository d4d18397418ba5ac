package com.amperityworkflowruns.launcher.commands;

import com.amperityworkflowruns.bigquery.BigQueryBackend;
import com.amperityworkflowruns.bigquery.DatasetRef;
import com.amperityworkflowruns.bigquery.TableStoreException;
import com.amperityworkflowruns.bigquery.TenantMigration;
import com.amperityworkflowruns.launcher.Launcher;
import com.amperityworkflowruns.publish.OutputLayout;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code java -jar amperity-workflow-runs.jar migrate --format=bigquery
 * --bigqueryDataset=PROJECT:DATASET --tenant=T}: files the rows of a dataset written before its
 * tables held tenants under tenant {@code T} ({@link TenantMigration}), without the API; the
 * command a job's refusal names. Exit codes as the job's: 0 migrated (or nothing to migrate), 1
 * failed (its transaction changed nothing: run it again), 2 bad input; each failure is one {@code
 * error:} line.
 */
public final class BigQueryMigrateCommand {
  /** The first argument that selects a migrate command. */
  public static final String NAME = "migrate";
  /** The option that makes a migrate command this one. */
  public static final String FORMAT = "--format=bigquery";

  private final PrintStream out;
  private final PrintStream err;
  private final BigQueryBackend bigQuery;

  /** A command printing to the given streams, reaching BigQuery through {@code bigQuery}. */
  public BigQueryMigrateCommand(PrintStream out, PrintStream err, BigQueryBackend bigQuery) {
    this.out = out;
    this.err = err;
    this.bigQuery = bigQuery;
  }

  /** Whether {@code args} (the leading {@code migrate} included) select this command. */
  public static boolean selectedBy(String[] args) {
    return args.length > 0 && args[0].equals(NAME) && List.of(args).contains(FORMAT);
  }

  /** Runs the command on {@code args} (without the leading {@code migrate}); the exit code. */
  public int run(String[] args) {
    String dataset = null;
    String tenant = null;
    for (String a : args) {
      if (a.equals(FORMAT)) {
        continue;
      } else if (a.startsWith("--bigqueryDataset=")) {
        dataset = a.substring("--bigqueryDataset=".length());
      } else if (a.startsWith("--tenant=")) {
        tenant = a.substring("--tenant=".length());
      } else {
        return badInput("unknown option for migrate " + FORMAT + " (it takes --bigqueryDataset"
            + " and --tenant): " + a);
      }
    }
    if (dataset == null || dataset.isBlank()) {
      return badInput("--bigqueryDataset is required: the dataset the jobs wrote to, e.g. migrate "
          + FORMAT + " --bigqueryDataset=my-project:amperity_runs --tenant=acme");
    }
    if (tenant == null || tenant.isBlank()) {
      return badInput("--tenant is required: the tenant whose jobs wrote the rows of "
          + dataset + " that have no tenant");
    }
    try {
      DatasetRef ref = DatasetRef.parse(dataset.strip());
      out.println(TenantMigration.migrate(bigQuery, ref, OutputLayout.checkTenant(tenant.strip()))
          .summary());
      return Launcher.OK;
    } catch (IllegalArgumentException e) {
      return badInput(String.valueOf(e.getMessage()).split("\n")[0]);
    } catch (TableStoreException e) {
      err.println("error: the migration of " + dataset + " failed: " + e.getMessage()
          + "; its transaction changed no row: run the same command again");
      return Launcher.JOB_FAILED;
    }
  }

  private int badInput(String message) {
    err.println("error: " + message);
    return Launcher.BAD_INPUT;
  }
}
