package com.amperityworkflowruns.bigquery;

import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import java.util.List;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;

/** The table-store contract, run against the in-memory store the pipeline tests use. */
class InMemoryTableStoreTest extends TableStoreContract {
  @Override
  TableStore openStore() throws Exception {
    return InMemoryTableStore.factory().open();
  }

  @Override
  void createDataset(DatasetRef dataset) throws Exception {
    FakeDatasetService.setUp();
    new FakeDatasetService().createDataset(dataset.project, dataset.dataset, "", "", null);
  }

  @Override
  void load(TableReference table, List<TableRow> rows) throws Exception {
    new FakeDatasetService().insertAll(table, rows, null);
  }

  @Override
  List<TableRow> read(TableReference table) throws Exception {
    return new InMemoryTableStore().rows(table);
  }
}
