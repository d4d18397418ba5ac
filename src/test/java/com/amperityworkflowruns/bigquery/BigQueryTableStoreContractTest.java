package com.amperityworkflowruns.bigquery;

import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/**
 * The table-store contract against the real {@link BigQueryTableStore}: its REST calls, its
 * GoogleSQL with the tenant as a query parameter, and its transaction scripts, run by a loopback
 * stand-in for BigQuery's API that keeps the tables in DuckDB ({@link BigQueryStandIn}) and refuses
 * what BigQuery documents it refuses ({@link BigQueryRules}). Every case of the contract runs. The
 * reader reads both tables in one DuckDB read transaction on a connection of its own, sharing no
 * lock with the writer, and also after every statement of every script the store sends, inside
 * its transaction.
 *
 * <p>What this does not show: that BigQuery itself runs the GoogleSQL as DuckDB runs it
 * rewritten ({@link GoogleSqlScript}); partitions, clustering and BigQuery's aborts of concurrent
 * transactions are not modelled.
 */
@Timeout(120)
class BigQueryTableStoreContractTest extends TableStoreContract {
  private BigQueryStandIn bigQuery;

  @AfterEach
  void stopStandIn() {
    bigQuery.close();
  }

  @Override
  void createDataset(DatasetRef dataset) {
    bigQuery = BigQueryStandIn.start();
    bigQuery.createDataset(dataset);
  }

  @Override
  TableStore openStore() {
    // The stand-in answers at once: no retry, and a job is done when inserted.
    return new BigQueryTableStore(
        BigQueryTableStore.Settings.unauthenticated(bigQuery.rootUrl(), Duration.ofSeconds(2),
            Duration.ofSeconds(20), 1, Duration.ofSeconds(5), Duration.ofSeconds(30)),
        null, millis -> {
          throw new AssertionError("the store paused " + millis + " ms against the stand-in");
        });
  }

  @Override
  void load(TableReference table, List<TableRow> rows) throws Exception {
    bigQuery.insert(table, rows);
  }

  @Override
  List<TableRow> read(TableReference table) throws Exception {
    return bigQuery.rows(table);
  }

  @Override
  List<List<TableRow>> readTogether(List<TableReference> tables) throws Exception {
    return bigQuery.readTogether(tables);
  }

  @Override
  void probeInsideWrites(Runnable probe) {
    bigQuery.afterEachStatement(probe);
  }

  /** Each flip is also looked at after every statement of its script, so fewer suffice. */
  @Override
  int flips() {
    return 20;
  }
}
