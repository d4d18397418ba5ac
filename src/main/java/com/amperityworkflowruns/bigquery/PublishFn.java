package com.amperityworkflowruns.bigquery;

import com.amperityworkflowruns.model.Days;
import com.amperityworkflowruns.publish.ShrinkGuard;
import java.io.IOException;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Replaces the job's tenant's rows of the job's days in the three tables with the staged rows, in
 * one transaction (with the tenant's refresh mark, when the job keeps one); other tenants' rows are
 * neither read, counted nor deleted. Runs once
 * per job (its input is the single job id, after every load is done). A retried bundle runs the
 * same replacement again from the same staging tables, which gives the same tables.
 *
 * <p>Before the transaction, unless {@code --allowShrink}, the same shrink guard as the Parquet
 * output ({@link ShrinkGuard}) compares the staged runs per day with the tenant's published runs
 * of that day in {@code workflow_runs} and refuses a day that would lose runs: the tables are
 * unchanged and the job fails with the guard's one line, which names the tenant. A retried bundle after a successful
 * replacement finds the published counts equal to the staged ones, so it is not refused.
 */
final class PublishFn extends DoFn<String, String> {
  private static final long serialVersionUID = 1L;

  private final TableStore.Factory factory;
  private final BigQueryStaging staging;
  private final Days days;
  private final String tenant;
  private final boolean allowShrink;
  private final TableStore.@Nullable MarkUpdate mark;
  private final Counter published = Metrics.counter("amperity", "bigquery_publishes");
  private transient TableStore store;

  PublishFn(TableStore.Factory factory, BigQueryStaging staging, Days days, String tenant,
      boolean allowShrink, TableStore.@Nullable MarkUpdate mark) {
    this.mark = mark;
    this.factory = factory;
    this.staging = staging;
    this.days = days;
    this.tenant = tenant;
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
        new BigQueryRowCounts(store, staging.target(BigQueryTables.RUNS), tenant),
        new BigQueryRowCounts(store, staging.stagingTable(BigQueryTables.RUNS), tenant)
            .runsPerDay(days.first(), days.end()),
        days, tenant, allowShrink);
    store.replaceDays(staging.replacements(), days, tenant, mark);
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
