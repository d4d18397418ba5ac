package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.launcher.commands.MigrateCommand;
import com.amperityworkflowruns.simulator.ApiSimulator;
import com.amperityworkflowruns.simulator.SimulatorConfig;
import com.amperityworkflowruns.testing.LegacyOutputs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output written by the code before tenants, migrated, then published to by a nightly job of
 * today's code: the job replaces its days and every run outside them is kept as it was, once.
 */
@Timeout(180)
class MigratedLegacyOutputNightlyTest {
  private static final String T = LegacyOutputs.TENANT;
  private static final LocalDate FROM = LocalDate.parse("2024-03-30");
  private static final LocalDate TO = LocalDate.parse("2024-04-01");
  private static ApiSimulator sim;

  @TempDir Path tmp;

  /** The simulator the fixture was read from: the embedded one of {@code --simulatorRuns=300}. */
  @BeforeAll
  static void startSimulator() {
    sim = ApiSimulator.start(SimulatorConfig.builder().tenant(T).totalRuns(300)
        .latencyMillis(0, 5).build());
  }

  @AfterAll
  static void stopSimulator() {
    sim.close();
  }

  private static List<Map<String, Object>> runs(Path root, String glob) throws Exception {
    return OutputTables.select("SELECT * EXCLUDE (created_date), CAST(created_date AS VARCHAR)"
        + " AS created_date FROM read_parquet('" + root.resolve(glob)
        + "', hive_partitioning=false) ORDER BY run_id");
  }

  private static Predicate<Map<String, Object>> inRange() {
    return r -> r.get("created_date") != null
        && !LocalDate.parse((String) r.get("created_date")).isBefore(FROM)
        && LocalDate.parse((String) r.get("created_date")).isBefore(TO);
  }

  @Test
  void givenAMigratedLegacyOutput_whenANightlyJobRuns_thenItReplacesItsDaysAndKeepsEveryOtherRun()
      throws Exception {
    // Arrange
    Path out = LegacyOutputs.copy(LegacyOutputs.BATCH, tmp.resolve("out"));
    List<Map<String, Object>> before = runs(out, "workflow_runs/*/*.parquet");
    int migrated = new MigrateCommand(new PrintStream(new ByteArrayOutputStream()),
        System.err, Map.of()).run(new String[] {"--output=" + out, "--tenant=" + T});
    List<String> migratedFiles = new OutputTables(out).files();
    Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());

    // Act
    JobRun job = JobRun.launch(SimJob.args(sim, token, out, FROM, TO));

    // Assert
    assertThat(migrated).isZero();
    assertThat(job.exitCode).as(job.toString()).isZero();
    List<Map<String, Object>> after = runs(out, "workflow_runs/tenant=" + T + "/*/*.parquet");
    assertThat(after.stream().filter(inRange().negate()).toList())
        .as("runs outside the job's days").hasSize(before.size() - (int) before.stream()
            .filter(inRange()).count())
        .isEqualTo(before.stream().filter(inRange().negate()).toList());
    assertThat(after.stream().filter(inRange()).map(r -> r.get("run_id")).toList())
        .as("runs of the job's days, each once").isNotEmpty()
        .isEqualTo(before.stream().filter(inRange()).map(r -> r.get("run_id")).toList());
    // Days outside the range may be read again (open runs of the migrated days that ended since:
    // RefreshDays); their rows are the same, as checked above.
    List<String> files = new OutputTables(out).files();
    assertThat(files).as("the job's runs files")
        .filteredOn(f -> f.startsWith("workflow_runs/") && f.contains("/created_date=2024-03-3"))
        .isNotEmpty().noneMatch(migratedFiles::contains);
  }
}
