package com.amperityworkflowruns.sink;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationProbeTest {
  @TempDir Path tmp;

  @Test
  void probe() throws Exception {
    Path out = LegacyFixture.copy(LegacyFixture.BATCH, tmp.resolve("out"));
    LegacyFixture.copy(LegacyFixture.STREAM, out);
    System.out.println("legacy: " + LegacyOutput.isLegacy(out.toString()));
    MigrationReport r = LegacyMigration.of(out.toString(), "acme-demo").run();
    System.out.println(r);
    System.out.println("legacy after: " + LegacyOutput.isLegacy(out.toString()));
    Fixtures.files(out).keySet().stream().limit(400).forEach(System.out::println);
    System.out.println(Fixtures.directories(out));
    String runs = "read_parquet('" + out + "/workflow_runs/*/*/*.parquet', hive_partitioning=true)";
    System.out.println(Fixtures.columnTypes(runs));
    System.out.println(Fixtures.query("SELECT tenant, created_date, count(*) FROM " + runs + " GROUP BY ALL ORDER BY ALL LIMIT 3"));
    String rej = "read_parquet('" + out + "/rejects/*/*/*.parquet', hive_partitioning=true)";
    System.out.println(Fixtures.columnTypes(rej));
    System.out.println(Fixtures.query("SELECT tenant, created_date, run_id, reason FROM " + rej));
    String st = "read_parquet('" + out + "/type_stats_hourly/*/*/*.parquet', hive_partitioning=true)";
    System.out.println(Fixtures.query("SELECT * FROM " + st));
    System.out.println(LegacyMigration.of(out.toString(), "acme-demo").run());
  }
}
