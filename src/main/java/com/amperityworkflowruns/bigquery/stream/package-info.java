/**
 * The BigQuery stream's window barrier: rows go to the tables through the Storage Write API
 * ({@link com.amperityworkflowruns.bigquery.stream.StreamBigQueryOutput}), and a window's
 * summary rows and marker are written only once every row of it is committed, counted against
 * the window's totals ({@link com.amperityworkflowruns.bigquery.stream.WindowCommits},
 * {@link com.amperityworkflowruns.bigquery.stream.WindowSignals}); a lease holder keeps a
 * second job off the tenant and holds a drain until its windows are recorded
 * ({@link com.amperityworkflowruns.bigquery.stream.HoldUntilRecorded}). The state it keeps has
 * versioned coders ({@link com.amperityworkflowruns.bigquery.stream.BarrierCoders}), so a
 * running stream survives {@code --update}.
 *
 * <p>It uses the batch output's tables, SQL and table store ({@code bigquery}); the batch
 * output must not use it.
 */
package com.amperityworkflowruns.bigquery.stream;
