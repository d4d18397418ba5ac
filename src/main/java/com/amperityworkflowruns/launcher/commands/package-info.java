/**
 * The tool's commands other than the job itself, each an entry point that {@code Main}
 * dispatches to: {@code check} ({@link com.amperityworkflowruns.launcher.commands.CheckCommand}:
 * what a job needs, checked before it runs) and {@code migrate} ({@link
 * com.amperityworkflowruns.launcher.commands.MigrateCommand} for Parquet, {@link
 * com.amperityworkflowruns.launcher.commands.BigQueryMigrateCommand} for BigQuery: an output
 * written before tables held tenants, filed under one tenant).
 *
 * <p>They read options and reuse the launcher's settings and checks; the launcher must not use
 * them (only {@code Main} does).
 */
package com.amperityworkflowruns.launcher.commands;
