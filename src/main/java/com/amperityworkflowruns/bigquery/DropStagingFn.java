package com.amperityworkflowruns.bigquery;

import org.apache.beam.sdk.transforms.DoFn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the job's staging tables after the publish and outputs the published tables' names. A
 * table that cannot be deleted is logged and left to expire (the launcher created it with an
 * expiration): the published data is complete either way.
 */
final class DropStagingFn extends DoFn<String, String> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DropStagingFn.class);

  private final TableStore.Factory factory;
  private final BigQueryStaging staging;
  private transient TableStore store;

  DropStagingFn(TableStore.Factory factory, BigQueryStaging staging) {
    this.factory = factory;
    this.staging = staging;
  }

  @Setup
  public void setup() throws TableStoreException {
    store = factory.open();
  }

  @ProcessElement
  public void process(OutputReceiver<String> out) {
    for (TableStore.Replacement r : staging.replacements()) {
      try {
        store.dropTable(r.staging);
      } catch (TableStoreException e) {
        LOG.warn("staging table {} left to expire: {}", ReplaceSql.name(r.staging),
            e.getMessage());
      }
      out.output(staging.dataset() + "." + r.spec.name());
    }
  }

  @Teardown
  public void teardown() {
    if (store != null) {
      store.close();
    }
  }
}
