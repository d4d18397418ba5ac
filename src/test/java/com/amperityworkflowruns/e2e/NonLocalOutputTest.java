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

/**
 * A backfill and a rerun through a file system that is not the local disk: the test's {@code
 * mem://} object store (flat names, no directories, rename as copy then delete, like GCS),
 * registered by a {@code FileSystemRegistrar}. Every file the job touches (the output check, the
 * journal, staging, publish, the resume spool, the summary) goes through it, and the published
 * tables are read back and compared with what the simulator served.
 */
@Timeout(240)
class NonLocalOutputTest {
  private static final LocalDate MID_FROM = LocalDate.of(2024, 1, 5);
  private static final LocalDate MID_TO = LocalDate.of(2024, 1, 8);

  @TempDir Path tmp;

  @Test
  void givenBackfillThenRerunOfSomeDays_outputReadBackEqualsTruthAndOtherDaysUntouched() {
    // Arrange
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(600).build());
        MemOutput out = new MemOutput()) {
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      List<String> backfill =
          SimJob.with(SimJob.args(sim, token, tmp.resolve("unused")), "--output=" + out.location);
      List<String> rerun =
          SimJob.with(
              SimJob.args(sim, token, tmp.resolve("unused"), MID_FROM, MID_TO),
              "--output=" + out.location);
      Truth truth = Truth.of(sim.tenant(), SimJob.FROM, SimJob.TO);

      // Act
      JobRun first = JobRun.launch(backfill);
      Path firstCopy = out.copyTo(tmp.resolve("first"));
      List<String> leftAfterFirst = out.names();
      JobRun second = JobRun.launch(rerun);
      Path secondCopy = out.copyTo(tmp.resolve("second"));

      // Assert
      assertThat(first.exitCode).as(first.toString()).isZero();
      assertThat(first.out).contains("output: " + out.location + "/{workflow_runs");
      assertThat(first.out).as("the report is built from the object store")
          .contains("report: " + out.location + "/report-acme-demo.html");
      OutputAssert.outputEqualsTruth(firstCopy, truth);
      assertThat(leftAfterFirst)
          .as("only the three tables, the report and the refresh mark remain: no staging, journal,"
              + " resume spool, summary or temporary report")
          .isNotEmpty()
          .contains(REPORT, MARK)
          .allMatch(n -> n.startsWith("workflow_runs/") || n.startsWith("workflow_type_stats/")
              || n.startsWith("rejects/") || n.equals(REPORT) || n.equals(MARK));
      assertThat(ReportPageData.of(firstCopy.resolve(REPORT)).path("headline")
          .path("current").path("runs").asLong())
          .as("runs in the report read back through the object store")
          .isEqualTo(truth.runs.size());

      assertThat(second.exitCode).as(second.toString()).isZero();
      OutputTables tables = new OutputTables(secondCopy);
      OutputAssert.runsEqualTruth(tables.runs(), truth);
      OutputAssert.statsEqualTruth(tables.stats(), truth);
      OutputAssert.rejectsEqualTruth(tables.rejects(), truth);
      Map<String, String> before = Snapshot.published(firstCopy);
      Map<String, String> after = Snapshot.published(secondCopy);
      assertThat(outside(after)).as("days outside the rerun, byte for byte").isEqualTo(outside(before));
      assertThat(inside(after).keySet())
          .as("run files of the rerun's days were replaced")
          .filteredOn(f -> f.startsWith("workflow_runs/"))
          .isNotEmpty()
          .doesNotContainAnyElementsOf(inside(before).keySet());
      assertThat(out.names())
          .allMatch(n -> after.containsKey(n) || n.equals(REPORT) || n.equals(MARK));
    }
  }

  private static final String REPORT = "report-acme-demo.html";
  private static final String MARK = "_tenants/acme-demo/_refresh.json";

  private static boolean inRerun(String file) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d{4}-\\d\\d-\\d\\d").matcher(file);
    if (!m.find()) {
      throw new IllegalArgumentException("no day in " + file);
    }
    LocalDate d = LocalDate.parse(m.group());
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
}
