package com.amperityworkflowruns.bigquery;

import com.amperityworkflowruns.sink.ShrinkGuard;
import java.io.IOException;
import java.time.LocalDate;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Replaces the job's days in the three tables with the staged rows, in one transaction. Runs once
 * per job (its input is the single job id, after every load is done). A retried bundle runs the
 * same replacement again from the same staging tables, which gives the same tables.
 *
 * <p>Before the transaction, unless {@code --allowShrink}, the same shrink guard as the Parquet
 * output ({@link ShrinkGuard}) compares the staged runs per day with the published
 * {@code workflow_runs} partitions and refuses a day that would lose runs: the tables are
 * unchanged and the job fails with the guard's one line. A retried bundle after a successful
 * replacement finds the published counts equal to the staged ones, so it is not refused.
 */
final class PublishFn extends DoFn<String, String> {
  private static final long serialVersionUID = 1L;

  private final TableStore.Factory factory;
  private final BigQueryStaging staging;
  private final LocalDate fromDay;
  private final LocalDate toDay;
  private final boolean allowShrink;
  private final Counter published = Metrics.counter("amperity", "bigquery_publishes");
  private transient TableStore store;

  PublishFn(
      TableStore.Factory factory, BigQueryStaging staging, LocalDate fromDay, LocalDate toDay,
      boolean allowShrink) {
    this.factory = factory;
    this.staging = staging;
    this.fromDay = fromDay;
    this.toDay = toDay;
    this.allowShrink = allowShrink;
  }

  @Setup
  public void setup() throws TableStoreException {
    store = factory.open();
  }

  @ProcessElement
  public void process(@Element String jobId, OutputReceiver<String> out)
      throws IOException {
    ShrinkGuard.refuseShrinks(
        new BigQueryRowCounts(store, staging.target(BigQueryTables.RUNS)),
        new BigQueryRowCounts(store, staging.stagingTable(BigQueryTables.RUNS))
            .runsPerDay(fromDay, toDay),
        fromDay, toDay, allowShrink);
    store.replaceDays(staging.replacements(), fromDay, toDay);
    published.inc();
    out.output(jobId);
  }

  @Teardown
  public void teardown() {
    if (store != null) {
      store.close();
    }
  }
}
