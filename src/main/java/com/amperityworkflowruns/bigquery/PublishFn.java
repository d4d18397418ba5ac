package com.amperityworkflowruns.bigquery;

import java.time.LocalDate;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Replaces the job's days in the three tables with the staged rows, in one transaction. Runs once
 * per job (its input is the single job id, after every load is done). A retried bundle runs the
 * same replacement again from the same staging tables, which gives the same tables.
 */
final class PublishFn extends DoFn<String, String> {
  private static final long serialVersionUID = 1L;

  private final TableStore.Factory factory;
  private final BigQueryStaging staging;
  private final LocalDate fromDay;
  private final LocalDate toDay;
  private final Counter published = Metrics.counter("amperity", "bigquery_publishes");
  private transient TableStore store;

  PublishFn(
      TableStore.Factory factory, BigQueryStaging staging, LocalDate fromDay, LocalDate toDay) {
    this.factory = factory;
    this.staging = staging;
    this.fromDay = fromDay;
    this.toDay = toDay;
  }

  @Setup
  public void setup() throws TableStoreException {
    store = factory.open();
  }

  @ProcessElement
  public void process(@Element String jobId, OutputReceiver<String> out)
      throws TableStoreException {
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
