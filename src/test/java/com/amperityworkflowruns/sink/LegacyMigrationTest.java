package com.amperityworkflowruns.sink;

import static com.amperityworkflowruns.sink.Fixtures.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amperityworkflowruns.publish.LocalLeaseStore;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.publish.PublishLease;
import com.amperityworkflowruns.publish.PublishRefusedException;
import com.amperityworkflowruns.bench.MemObjectStore;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate} on outputs written by the code before tenants ({@link LegacyFixture}): every row
 * kept, only the {@code tenant} column added, safe to interrupt and to run again.
 */
class LegacyMigrationTest {
  private static final String T = LegacyFixture.TENANT;
  private static final Clock NOW = Clock.systemUTC();

  @TempDir Path tmp;

  @BeforeAll
  static void registerFileSystems() {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
  }

  /** The batch and the stream fixture in one folder, as one output that ran both. */
  private Path legacyOutput(String name) {
    Path out = LegacyFixture.copy(LegacyFixture.BATCH, tmp.resolve(name));
    return LegacyFixture.copy(LegacyFixture.STREAM, out);
  }

  /** Every row of {@code glob} below {@code root} (all columns but {@code except}), sorted. */
  private static List<Map<String, Object>> rows(Path root, String glob, String except)
      throws SQLException {
    return Fixtures.query("SELECT * " + except + " FROM read_parquet('" + root.resolve(glob)
        + "', hive_partitioning=false) ORDER BY ALL");
  }

  private static List<String> columns(Path root, String glob) throws SQLException {
    return new ArrayList<>(Fixtures.columnTypes("read_parquet('" + root.resolve(glob)
        + "', hive_partitioning=false)").keySet());
  }

  private static List<Object> tenants(Path root, String glob) throws SQLException {
    return Fixtures.query("SELECT DISTINCT tenant FROM read_parquet('" + root.resolve(glob)
        + "', hive_partitioning=false)").stream().map(r -> r.get("tenant")).toList();
  }

  private static MigrationReport migrate(Path out) throws Exception {
    return LegacyMigration.of(out.toString(), T).run();
  }

  @Test
  void givenTheLegacyFixture_whenMigrated_thenEveryRunRowIsKeptUnderTheTenantsFolder()
      throws Exception {
    // Arrange
    Path out = legacyOutput("out");
    List<Map<String, Object>> before = rows(out, "workflow_runs/*/*.parquet", "");

    // Act
    migrate(out);

    // Assert
    assertThat(before).hasSize(297);
    assertThat(rows(out, "workflow_runs/tenant=" + T + "/*/*.parquet", "")).isEqualTo(before);
    assertThat(files(out).keySet()).filteredOn(f -> f.startsWith("workflow_runs/"))
        .hasSize(83).allMatch(f -> f.startsWith("workflow_runs/tenant=" + T + "/created_date="));
  }

  @Test
  void givenTheLegacyFixture_whenMigrated_thenEveryStatsRowIsKeptWithTheTenantColumnAdded()
      throws Exception {
    // Arrange
    Path out = legacyOutput("out");
    List<Map<String, Object>> before = rows(out, "workflow_type_stats/*.parquet", "");
    List<String> columnsBefore = columns(out, "workflow_type_stats/*.parquet");
    String after = "workflow_type_stats/tenant=" + T + "/*/*.parquet";

    // Act
    migrate(out);

    // Assert
    assertThat(before).isNotEmpty();
    assertThat(rows(out, after, "EXCLUDE (tenant)")).isEqualTo(before);
    assertThat(tenants(out, after)).containsExactly(T);
    assertThat(columns(out, after)).containsExactlyInAnyOrderElementsOf(
        concat(columnsBefore, "tenant"));
  }

  @Test
  void givenTheLegacyFixture_whenMigrated_thenEveryDatedAndUndatedRejectIsKeptWithTheTenant()
      throws Exception {
    // Arrange
    Path out = legacyOutput("out");
    List<Map<String, Object>> before = rows(out, "rejects/*.parquet", "");
    List<String> columnsBefore = columns(out, "rejects/*.parquet");
    String after = "rejects/tenant=" + T + "/*/*.parquet";

    // Act
    migrate(out);

    // Assert
    assertThat(before).anyMatch(r -> r.get("created_date") == null)
        .anyMatch(r -> r.get("created_date") != null);
    assertThat(rows(out, after, "EXCLUDE (tenant)")).isEqualTo(before);
    assertThat(tenants(out, after)).containsExactly(T);
    assertThat(columns(out, after)).containsExactlyInAnyOrderElementsOf(
        concat(columnsBefore, "tenant"));
    assertThat(files(out)).containsKey("rejects/tenant=" + T
        + "/created_date=__HIVE_DEFAULT_PARTITION__/undated-8402c6f6e5d6000e.parquet");
  }

  @Test
  void givenTheLegacyStreamFixture_whenMigrated_thenItsTablesAndWindowMarkersMoveUnderTheTenant()
      throws Exception {
    // Arrange
    Path out = legacyOutput("out");
    Map<String, String> before = files(out);
    List<Map<String, Object>> runs = rows(out, "finished_runs/*/*.parquet", "EXCLUDE (tenant)");
    List<Map<String, Object>> stats = rows(out, "type_stats_hourly/*/*.parquet", "");

    // Act
    migrate(out);

    // Assert
    Map<String, String> after = files(out);
    assertThat(rows(out, "finished_runs/tenant=" + T + "/*/*.parquet", "EXCLUDE (tenant)"))
        .isNotEmpty().isEqualTo(runs);
    assertThat(rows(out, "type_stats_hourly/tenant=" + T + "/*/*.parquet", "EXCLUDE (tenant)"))
        .isNotEmpty().isEqualTo(stats);
    before.forEach((name, content) -> {
      if (name.startsWith("_stream_state/windows/")) {
        assertThat(after).containsEntry("_tenants/" + T + "/" + name, content);
      }
    });
    assertThat(after.keySet()).noneMatch(f -> f.startsWith("_stream_state/"));
  }

  @Test
  void givenTheLegacyFixture_whenMigrated_thenNoOldFileIsLeftAndJobsAcceptTheOutput()
      throws Exception {
    // Arrange
    Path out = legacyOutput("out");

    // Act
    MigrationReport report = migrate(out);

    // Assert
    assertThat(LegacyOutput.isLegacy(out.toString())).isFalse();
    assertThat(files(out).keySet()).allMatch(f -> f.contains("/tenant=" + T + "/")
        || f.startsWith("_tenants/" + T + "/_stream_state/windows/"));
    assertThat(report.nothingToMigrate).isFalse();
    assertThat(report.filesMigrated()).isEqualTo(83 + 83 + 3 + 2);
    assertThat(report.lines().get(0)).startsWith("migrated " + out + " to tenant " + T);
  }

  @Test
  void givenALegacyReportPage_whenMigrated_thenItIsTheTenantsReportPage() throws Exception {
    // Arrange
    Path out = smallLegacyOutput("out");
    Fixtures.write(out.resolve("report.html"), "<html>the page before tenants</html>");

    // Act
    MigrationReport report = migrate(out);

    // Assert
    assertThat(files(out)).containsEntry("report-" + T + ".html",
        "<html>the page before tenants</html>").doesNotContainKey("report.html");
    assertThat(report.lines()).anyMatch(l -> l.contains("report-" + T + ".html"));
  }

  @Test
  void givenAMigratedOutput_whenMigratedAgain_thenItSaysSoAndChangesNothing() throws Exception {
    // Arrange
    Path out = legacyOutput("out");
    migrate(out);
    Map<String, String> migrated = files(out);

    // Act
    MigrationReport again = migrate(out);

    // Assert
    assertThat(again.nothingToMigrate).isTrue();
    assertThat(again.lines()).singleElement().asString().startsWith("nothing to migrate");
    assertThat(files(out)).isEqualTo(migrated);
  }

  @Test
  void givenAFolderWithoutTables_whenMigrated_thenRefusedAsNotAnOutput() {
    // Arrange
    Path out = tmp.resolve("empty");
    Fixtures.write(out.resolve("notes.txt"), "not an output");

    // Act + Assert
    assertThatThrownBy(() -> migrate(out)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not an output of this job");
  }

  /** Two days with rejects, the undated reject and the stream: every kind of file, few of them. */
  private Path smallLegacyOutput(String name) {
    Path out = LegacyFixture.copy(LegacyFixture.BATCH, tmp.resolve(name),
        f -> f.contains("2024-01-21") || f.contains("2024-03-02") || f.contains("undated"));
    return LegacyFixture.copy(LegacyFixture.STREAM, out);
  }

  @Test
  void givenAMigrationCrashedAfterAnyNumberOfSteps_whenRunAgain_thenTheOutputIsAsIfUninterrupted()
      throws Exception {
    // Arrange
    Path clean = smallLegacyOutput("clean");
    migrate(clean);
    Map<String, String> expected = files(clean);

    int k = 0;
    for (boolean crashed = true; crashed; k++) {
      Path out = smallLegacyOutput("crash-" + k);
      FailingFileOps failing = new FailingFileOps(k);
      try {
        new LegacyMigration(failing, NOW, new LocalLeaseStore(), PublishLease.Waiter.SLEEP,
            Duration.ZERO, out.toString(), T).run();
        crashed = false;
      } catch (FailingFileOps.SimulatedCrash expectedCrash) {
        // a half-migrated output keeps what makes jobs refuse it (or what their recovery ends)
        assertThat(files(out).equals(expected) || LegacyOutput.isLegacy(out.toString())
            || Path.of(OutputLayout.of(out.toString(), T).journalFile(MigrationPlan.JOB_ID))
                .toFile().exists()).as("after a crash at step %d", k).isTrue();
      }

      // Act
      if (crashed) {
        migrate(out);
      }

      // Assert
      assertThat(files(out)).as("after a crash at step %d", k).isEqualTo(expected);
    }
    assertThat(k).as("steps exercised").isGreaterThan(20);
  }

  @Test
  void givenAnotherJobHoldsTheTenantsLease_whenMigrated_thenRefusedAndNothingChanged()
      throws Exception {
    // Arrange
    Path out = smallLegacyOutput("out");
    Map<String, String> before = files(out);
    LocalLeaseStore leases = new LocalLeaseStore();
    PublishLease other = PublishLease.tryAcquire(leases,
        PublishLease.path(OutputLayout.of(out.toString(), T)), "job-other", NOW);

    // Act + Assert
    assertThatThrownBy(() -> new LegacyMigration(BeamFileOps.INSTANCE, NOW, leases,
        PublishLease.Waiter.SLEEP, Duration.ZERO, out.toString(), T).run())
        .isInstanceOf(PublishRefusedException.class).hasMessageContaining("job-other");
    other.release();
    assertThat(files(out)).isEqualTo(before);
  }

  @Test
  void givenAMigrationToAnotherTenantWasInterrupted_whenMigratedToThisOne_thenRefusedNamingIt()
      throws Exception {
    // Arrange: the other migration stops right after writing its journal
    Path out = smallLegacyOutput("out");
    int journalWritten = 0;
    for (boolean journal = false; !journal; journalWritten++) {
      Path probe = smallLegacyOutput("probe-" + journalWritten);
      try {
        new LegacyMigration(new FailingFileOps(journalWritten), NOW, new LocalLeaseStore(),
            PublishLease.Waiter.SLEEP, Duration.ZERO, probe.toString(), "other").run();
      } catch (FailingFileOps.SimulatedCrash e) {
        journal = Path.of(OutputLayout.of(probe.toString(), "other")
            .journalFile(MigrationPlan.JOB_ID)).toFile().exists();
      }
    }
    int crashAt = journalWritten - 1;
    assertThatThrownBy(() -> new LegacyMigration(new FailingFileOps(crashAt), NOW,
        new LocalLeaseStore(), PublishLease.Waiter.SLEEP, Duration.ZERO, out.toString(), "other")
        .run()).isInstanceOf(FailingFileOps.SimulatedCrash.class);
    Map<String, String> before = files(out);

    // Act + Assert
    assertThatThrownBy(() -> migrate(out)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("migrate --output=" + out + " --tenant=other");
    assertThat(files(out)).isEqualTo(before);
  }

  @Test
  void givenALegacyOutputOnAFileSystemWithoutRename_whenMigrated_thenItEqualsTheLocalMigration()
      throws Exception {
    // Arrange
    Path local = smallLegacyOutput("local");
    String remote = "mem://bucket-" + UUID.randomUUID().toString().substring(0, 8) + "/runs";
    LegacyFixture.upload(local, remote);
    migrate(local);

    // Act
    MigrationReport report = LegacyMigration.of(remote, T).run();

    // Assert
    Path copy = LegacyFixture.download(remote, tmp.resolve("copy"));
    assertThat(report.nothingToMigrate).isFalse();
    assertThat(new TreeMap<>(files(copy))).isEqualTo(files(local));
    MemObjectStore.deleteAll(remote + "/");
  }

  private static List<String> concat(List<String> list, String more) {
    List<String> all = new ArrayList<>(list);
    all.add(more);
    return all;
  }
}
