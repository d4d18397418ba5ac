package com.amperityworkflowruns.check;

import com.amperityworkflowruns.bigquery.BigQueryBackend;
import com.amperityworkflowruns.bigquery.BigQueryPreparation;
import com.amperityworkflowruns.bigquery.DatasetRef;
import com.amperityworkflowruns.bigquery.DatasetRules;
import com.amperityworkflowruns.bigquery.TableStore;
import com.google.api.services.bigquery.model.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The BigQuery dataset's checks of {@code check}: it exists where its loads can read the temp
 * bucket, nothing in it expires, and existing tables take the job's rows. Tables through the
 * job's {@link TableStore}, the dataset's location and defaults through {@link GoogleCloud}.
 */
final class DatasetChecks {
  private static final List<String> TABLES = List.of("workflow_runs", "workflow_type_stats",
      "rejects");

  private final CloudChecks.Target target;
  private final BigQueryBackend bigQuery;
  private final GoogleCloud cloud;
  private final CheckDeadline deadline;

  DatasetChecks(CloudChecks.Target target, BigQueryBackend bigQuery, GoogleCloud cloud,
      CheckDeadline deadline) {
    this.target = target;
    this.bigQuery = bigQuery;
    this.cloud = cloud;
    this.deadline = deadline;
  }

  /** The dataset exists, and a load job can read the temp bucket in {@code bucketLocations}. */
  Check location(Map<String, String> bucketLocations) {
    DatasetRef ref = target.dataset();
    return deadline.run("dataset", "check --bigqueryDataset and the network", () -> {
      try (TableStore store = bigQuery.tables().open()) {
        store.checkDataset(ref);
      }
      GoogleCloud.DatasetInfo info = cloud.dataset(ref);
      String temp =
          target.tempLocation() == null ? null : bucketLocations.get(target.tempLocation());
      String found = ref + " in " + info.location();
      if (temp == null) {
        return Check.ok("dataset", found + " (no temp bucket location to compare)");
      }
      return DatasetRules.loadable(info.location(), temp)
          ? Check.ok("dataset", found + ", loadable from the temp bucket in " + temp)
          : Check.fail("dataset", found + " but the temp bucket is in " + temp + ": BigQuery"
              + " loads only from a bucket in the dataset's location",
              "use a --tempLocation bucket in " + info.location());
    });
  }

  /** No default expiration on the dataset, none on its tables or their partitions. */
  Check expiration() {
    DatasetRef ref = target.dataset();
    return deadline.run("expiration", "check --bigqueryDataset and the network", () -> {
      GoogleCloud.DatasetInfo info = cloud.dataset(ref);
      Map<String, Table> existing = new LinkedHashMap<>();
      try (TableStore store = bigQuery.tables().open()) {
        for (String name : TABLES) {
          Table t = store.describe(ref.table(name));
          if (t != null) {
            existing.put(name, t);
          }
        }
      }
      List<String> found = DatasetRules.expirySettings(info.defaultTableExpirationMs(),
          info.defaultPartitionExpirationMs(), existing);
      return found.isEmpty()
          ? Check.ok("expiration", "no default table or partition expiration on " + ref
              + " or its tables")
          : Check.fail("expiration", String.join(", ", found) + ": published days would be"
              + " deleted", DatasetRules.expiryFix(ref));
    });
  }

  /** Existing tables' schemas take the job's rows ({@code BigQueryPreparation.check}). */
  Check schemas() {
    DatasetRef ref = target.dataset();
    return deadline.run("table schemas", "check --bigqueryDataset and the network", () -> {
      try {
        BigQueryPreparation.check(bigQuery, ref, "T"); // T: the migrate line's example
      } catch (IllegalArgumentException e) {
        return Check.fail("table schemas", CheckDeadline.firstLine(e), "change or drop the table"
            + " named (its schema is in src/main/resources/bigquery/)");
      }
      int existing = 0;
      try (TableStore store = bigQuery.tables().open()) {
        for (String name : TABLES) {
          existing += store.describe(ref.table(name)) == null ? 0 : 1;
        }
      }
      return Check.ok("table schemas", existing + " of 3 tables exist and take the job's rows"
          + (existing < 3 ? "; the job creates the others" : ""));
    });
  }

}
