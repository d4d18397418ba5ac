package com.amperityworkflowruns.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amperityworkflowruns.model.Days;
import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.junit.jupiter.api.Test;

/**
 * The table-store contract, run against the in-memory store the pipeline tests use: evidence that
 * the fake keeps the real store's promises ({@code BigQueryTableStoreContractTest} is the evidence
 * about the real store). Its reader takes no lock across its reads ({@link
 * InMemoryTableStore#readAtOnePoint}); the fake has no point inside a write to stop at. Then what
 * the fake adds for the launcher's checks, as BigQuery documents it: the partition limit of a
 * job, inherited expirations, a project that denies jobs.
 */
class InMemoryTableStoreTest extends TableStoreContract {
  @Override
  TableStore openStore() throws Exception {
    return InMemoryTableStore.factory().open();
  }

  @Override
  void createDataset(DatasetRef dataset) throws Exception {
    FakeDatasetService.setUp();
    InMemoryTableStore.forgetDatasets();
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

  @Test
  void replaceDays_modifyingMoreThan4000PartitionsOfATable_failsAsBigQuerysJobDoes()
      throws Exception {
    // Arrange: staged rows on 4,001 days
    TableReference target = DATASET.table("rejects");
    TableReference staged = DATASET.table("rejects__staging_big");
    store.createTable(target, SPEC, null);
    store.createTable(staged, SPEC, null);
    LocalDate first = LocalDate.of(2010, 1, 1);
    List<TableRow> rows = new ArrayList<>();
    for (int i = 0; i <= DatasetRules.MAX_PARTITIONS_PER_JOB; i++) {
      rows.add(reject("r" + i, first.plusDays(i)));
    }
    load(staged, rows);
    Days days = Days.range(first, first.plusDays(DatasetRules.MAX_PARTITIONS_PER_JOB + 1));

    // Act / Assert: refused, the target unchanged
    assertThatThrownBy(() -> store.replaceDays(
        List.of(new TableStore.Replacement(target, staged, SPEC)), days, TENANT))
        .isInstanceOfSatisfying(TableStoreException.class, e -> {
          assertThat(e.kind()).isEqualTo(TableStoreException.Kind.FAILED);
          assertThat(e.getMessage()).contains("Too many partitions produced by query, allowed 4000");
        });
    assertThat(read(target)).isEmpty();
  }

  @Test
  void createTable_inADatasetWithADefaultPartitionExpiration_inheritsIt_andOldDaysExpire()
      throws Exception {
    // Arrange: partitions expire 30 days after their day
    InMemoryTableStore.describeDataset(DATASET, "US", null, 30 * 86_400_000L);
    TableReference ref = DATASET.table("rejects");

    // Act: a backfilled day and today
    store.createTable(ref, SPEC, null);
    load(ref, List.of(reject("old", LocalDate.of(2024, 1, 2)),
        reject("new", LocalDate.now(java.time.ZoneOffset.UTC))));

    // Assert
    Table t = store.describe(ref);
    assertThat(t.getTimePartitioning().getExpirationMs()).isEqualTo(30 * 86_400_000L);
    assertThat(read(ref)).extracting(r -> r.get("run_id")).containsExactly("new");
  }

  @Test
  void checkDataset_givesTheDescribedLocation_andCheckCanStartJobsFailsWhereJobsAreDenied()
      throws Exception {
    InMemoryTableStore.describeDataset(DATASET, "asia-northeast1", 86_400_000L, null);
    InMemoryTableStore.denyJobs(DATASET.project);

    assertThat(store.checkDataset(DATASET).getLocation()).isEqualTo("asia-northeast1");
    assertThat(store.checkDataset(DATASET).getDefaultTableExpirationMs()).isEqualTo(86_400_000L);
    assertThatThrownBy(() -> store.checkCanStartJobs(DATASET))
        .isInstanceOfSatisfying(TableStoreException.class,
            e -> assertThat(e.kind()).isEqualTo(TableStoreException.Kind.PERMISSION_DENIED));
  }

  @Test
  void aLoadFromABucketTheDatasetCannotLoadFrom_failsAsBigQuerysLoadDoes() throws Exception {
    // Arrange: a Tokyo dataset; load files in an EU bucket, then in a Tokyo one
    InMemoryTableStore.describeDataset(DATASET, "asia-northeast1", null, null);
    FakeBigQuery.bucket("files-eu", "EU");
    FakeBigQuery.bucket("files-tokyo", "ASIA-NORTHEAST1");
    com.google.api.services.bigquery.model.JobConfigurationLoad load =
        new com.google.api.services.bigquery.model.JobConfigurationLoad()
            .setDestinationTable(DATASET.table("rejects__staging_j"));

    // Act / Assert
    assertThatThrownBy(() -> RecordingJobService.refuseAcrossLocations(
        load.clone().setSourceUris(List.of("gs://files-eu/tmp/f.avro"))))
        .hasMessageContaining("Cannot read and write in different locations: source: EU,"
            + " destination: asia-northeast1");
    RecordingJobService.refuseAcrossLocations(
        load.clone().setSourceUris(List.of("gs://files-tokyo/tmp/f.avro")));
  }
}
