package com.amperityworkflowruns.bigquery;

import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import java.util.List;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;

/**
 * The table-store contract, run against the in-memory store the pipeline tests use: evidence that
 * the fake keeps the real store's promises ({@code BigQueryTableStoreContractTest} is the evidence
 * about the real store). Its reader takes no lock across its reads ({@link
 * InMemoryTableStore#readAtOnePoint}); the fake has no point inside a write to stop at.
 */
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
    // One query reads all its tables at one snapshot; the fake's own reader gives the same
    // without holding the writer's lock across its reads.
    return InMemoryTableStore.readAtOnePoint(tables);
  }
}
