package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.simulator.ApiSimulator;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Rerunning into the same output replaces whole days: one copy of everything, nothing stale. */
@Timeout(240)
class RerunTest {
  private static final LocalDate MID_FROM = LocalDate.of(2024, 1, 5);
  private static final LocalDate MID_TO = LocalDate.of(2024, 1, 8);

  @TempDir Path tmp;

  @Test
  void givenSameRangeRerun_exactlyOneCopyOfEachRunAndStatsRowAndNoStaleFiles() {
    // Arrange
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(600).build())) {
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      Path out = tmp.resolve("out");
      List<String> args = SimJob.args(sim, token, out);
      assertThat(JobRun.launch(args).exitCode).isZero();
      Map<String, String> first = Snapshot.published(out);

      // Act
      JobRun rerun = JobRun.launch(args);

      // Assert
      assertThat(rerun.exitCode).as(rerun.toString()).isZero();
      OutputAssert.outputEqualsTruth(out, Truth.of(sim.tenant(), SimJob.FROM, SimJob.TO));
      Map<String, String> second = Snapshot.published(out);
      assertThat(perDirectory(second)).as("files per partition or day").isEqualTo(perDirectory(first));
      assertThat(second.keySet())
          .as("the first job's run files are gone")
          .doesNotContainAnyElementsOf(
              first.keySet().stream().filter(f -> f.startsWith("workflow_runs/")).toList());
      assertThat(new OutputTables(out).files())
          .as("nothing but published tables, the refresh mark and the report remains")
          .allMatch(f -> second.containsKey(f) || f.matches("report-[^/]+\\.html")
              || f.matches("_tenants/[^/]+/_refresh\\.json"));
    }
  }

  @Test
  void givenRerunOverSmallerRange_otherDaysAreUntouchedAndOutputEqualsTruth() {
    // Arrange
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(600).build())) {
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      Path out = tmp.resolve("out");
      assertThat(JobRun.launch(SimJob.args(sim, token, out)).exitCode).isZero();
      Map<String, String> before = Snapshot.published(out);

      // Act
      JobRun rerun = JobRun.launch(SimJob.args(sim, token, out, MID_FROM, MID_TO));

      // Assert
      assertThat(rerun.exitCode).as(rerun.toString()).isZero();
      Map<String, String> after = Snapshot.published(out);
      assertThat(outside(after)).as("days outside the rerun's range").isEqualTo(outside(before));
      assertThat(inside(after).keySet())
          .as("run files of the rerun's days were replaced")
          .filteredOn(f -> f.startsWith("workflow_runs/"))
          .isNotEmpty()
          .doesNotContainAnyElementsOf(inside(before).keySet());
      Truth truth = Truth.of(sim.tenant(), SimJob.FROM, SimJob.TO);
      OutputTables tables = new OutputTables(out);
      OutputAssert.runsEqualTruth(tables.runs(), truth);
      OutputAssert.statsEqualTruth(tables.stats(), truth);
      OutputAssert.rejectsEqualTruth(tables.rejects(), truth);
    }
  }

  @Test
  void givenRerunOverSmallerRange_rejectWithUnparseableCreatedAtIsFiledOnce() {
    // Arrange: this tenant's "not-a-date" record is served on 2024-01-05, by shard [01-01, 01-08)
    // of the first job and by shard [01-05, 01-08) of the rerun
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(600).build())) {
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      Path out = tmp.resolve("out");
      assertThat(JobRun.launch(SimJob.args(sim, token, out)).exitCode).isZero();
      Truth truth = Truth.of(sim.tenant(), SimJob.FROM, SimJob.TO);
      assertThat(truth.rejects).anyMatch(r -> r.createdDate() == null);

      // Act
      JobRun rerun = JobRun.launch(SimJob.args(sim, token, out, MID_FROM, MID_TO));

      // Assert
      assertThat(rerun.exitCode).as(rerun.toString()).isZero();
      OutputAssert.rejectsEqualTruth(new OutputTables(out).rejects(), truth);
    }
  }

  private static String day(String file) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d{4}-\\d\\d-\\d\\d").matcher(file);
    if (!m.find()) {
      throw new IllegalArgumentException("no day in " + file);
    }
    return m.group();
  }

  private static boolean inRerun(String file) {
    LocalDate d = LocalDate.parse(day(file));
    return !d.isBefore(MID_FROM) && d.isBefore(MID_TO);
  }

  private static Map<String, String> outside(Map<String, String> files) {
    Map<String, String> m = new TreeMap<>(files);
    // undated rejects belong to no day (compared with the truth instead)
    m.keySet().removeIf(f -> f.contains("/undated-") || inRerun(f));
    return m;
  }

  private static Map<String, String> inside(Map<String, String> files) {
    Map<String, String> m = new TreeMap<>(files);
    m.keySet().removeIf(f -> f.contains("/undated-") || !inRerun(f));
    return m;
  }

  /** How many files each partition folder or table folder holds. */
  private static Map<String, Long> perDirectory(Map<String, String> files) {
    Map<String, Long> m = new TreeMap<>();
    files.keySet().forEach(f -> m.merge(f.substring(0, f.lastIndexOf('/')), 1L, Long::sum));
    return m;
  }
}
