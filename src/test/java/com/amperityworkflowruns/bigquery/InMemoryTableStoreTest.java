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

  @Override
  List<List<TableRow>> readTogether(List<TableReference> tables) throws Exception {
    // One query reads all its tables at one snapshot; the fake's lock gives the same.
    synchronized (FakeDatasetService.class) {
      List<List<TableRow>> out = new java.util.ArrayList<>();
      for (TableReference t : tables) {
        out.add(read(t));
      }
      return out;
    }
  }
}
