package com.amperityworkflowruns.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TimePartitioning;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** BigQuery's documented rules as the checks apply them, each case from the documentation. */
class DatasetRulesTest {
  private static final DatasetRef DATASET = DatasetRef.parse("my-project:runs");

  @Test
  void loadable_aUsDatasetFromAnyBucket_othersFromTheirOwnLocationOrARegionInsideTheirs() {
    assertThat(DatasetRules.loadable("US", "EU")).isTrue();
    assertThat(DatasetRules.loadable("US", "ASIA-NORTHEAST1")).isTrue();
    assertThat(DatasetRules.loadable("EU", "eu")).isTrue();
    assertThat(DatasetRules.loadable("EU", "EUROPE-WEST1")).isTrue();
    assertThat(DatasetRules.loadable("EU", "US")).isFalse();
    assertThat(DatasetRules.loadable("europe-west1", "EU")).isFalse();
    assertThat(DatasetRules.loadable("asia-northeast1", "ASIA-NORTHEAST1")).isTrue();
    assertThat(DatasetRules.loadable("asia-northeast1", "ASIA")).isFalse();
  }

  @Test
  void expirySettings_nameTheDatasetsDefaultsAndEachTablesOwn() {
    Map<String, Table> tables = new LinkedHashMap<>();
    tables.put("workflow_runs", new Table().setExpirationTime(1L));
    tables.put("rejects", new Table().setTimePartitioning(
        new TimePartitioning().setType("DAY").setExpirationMs(7 * 86_400_000L)));
    tables.put("workflow_type_stats", new Table());

    assertThat(DatasetRules.expirySettings(30 * 86_400_000L, 90 * 86_400_000L, tables))
        .containsExactly("the dataset's default table expiration (30 days)",
            "the dataset's default partition expiration (90 days)",
            "workflow_runs's expiration time", "rejects's partition expiration (7 days)");
    assertThat(DatasetRules.expirySettings(null, null, Map.of("t", new Table()))).isEmpty();
    assertThat(DatasetRules.expiryFix(DATASET))
        .contains("bq update --default_table_expiration 0 --default_partition_expiration 0"
            + " my-project:runs");
  }

  @Test
  void storageWriteRefusal_refusesAStartMoreThanTenYearsBack_withADayToSpare() {
    Instant now = Instant.parse("2026-12-07T14:00:00Z");

    assertThat(DatasetRules.storageWriteRefusal(Instant.parse("2016-12-08T00:00:00Z"), now))
        .isNull();
    assertThat(DatasetRules.storageWriteRefusal(Instant.parse("2016-12-07T23:00:00Z"), now))
        .contains("more than 10 years ago").contains("2016-12-08");
    assertThat(DatasetRules.storageWriteRefusal(Instant.parse("2001-01-01T00:00:00Z"), now))
        .contains("Storage Write API");
  }
}
