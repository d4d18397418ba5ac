package com.amperityworkflowruns.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to {@code report}: exit 2 and one {@code error:} line naming what is wrong. */
class ReportCommandTest {
  @TempDir Path tmp;

  private static final class Run {
    final int code;
    final String out;
    final List<String> errLines;

    Run(int code, String out, String err) {
      this.code = code;
      this.out = out;
      this.errLines = err.lines().filter(l -> !l.isBlank()).toList();
    }
  }

  private static Run report(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = new ReportCommand(o, e).run(args);
    }
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static void assertBadInput(Run r, String... mentions) {
    assertThat(r.code).as(r.errLines.toString()).isEqualTo(2);
    assertThat(r.errLines).hasSize(1);
    assertThat(r.errLines.get(0)).startsWith("error: ").contains(mentions);
  }

  @Test
  void givenFolderWithoutTables_exitTwoNamingTheMissingTables() throws Exception {
    Files.writeString(tmp.resolve("notes.txt"), "not an output");

    Run r = report("--output=" + tmp);

    assertBadInput(r, tmp.toString(), "not an output of this job",
        "workflow_runs/created_date=YYYY-MM-DD/*.parquet");
    assertThat(tmp.resolve("report.html")).doesNotExist();
  }

  @Test
  void givenMissingFolder_exitTwo() {
    Run r = report("--output=" + tmp.resolve("nowhere"));

    assertBadInput(r, "nowhere", "not an output of this job");
  }

  @Test
  void givenRunsDayWithoutStatsFile_exitTwoNamingTheMissingFile() throws Exception {
    Path day = Files.createDirectories(tmp.resolve("workflow_runs/created_date=2024-01-02"));
    parquet(day.resolve("part-0.parquet"), "SELECT 'r1' AS run_id");

    Run r = report("--output=" + tmp);

    assertBadInput(r, "workflow_type_stats/2024-01-02.parquet is missing");
  }

  @Test
  void givenRunsFileWithoutTheRunColumns_exitTwoNamingFileAndColumn() throws Exception {
    Path day = Files.createDirectories(tmp.resolve("workflow_runs/created_date=2024-01-02"));
    parquet(day.resolve("part-0.parquet"), "SELECT 'r1' AS run_id");
    Files.createDirectories(tmp.resolve("workflow_type_stats"));
    parquet(tmp.resolve("workflow_type_stats/2024-01-02.parquet"), "SELECT 1 AS runs");

    Run r = report("--output=" + tmp);

    assertBadInput(r, "part-0.parquet", "has no column tenant");
  }

  @Test
  void givenRunsFileThatIsNotParquet_exitTwoNamingTheFile() throws Exception {
    Path day = Files.createDirectories(tmp.resolve("workflow_runs/created_date=2024-01-02"));
    Files.writeString(day.resolve("part-0.parquet"), "{\"run_id\": \"r1\"}");
    Files.createDirectories(tmp.resolve("workflow_type_stats"));
    Files.writeString(tmp.resolve("workflow_type_stats/2024-01-02.parquet"), "x");

    Run r = report("--output=" + tmp);

    assertBadInput(r, "part-0.parquet", "is not a readable Parquet file");
  }

  @Test
  void givenNoOutput_exitTwoAskingForIt() {
    assertBadInput(report("--from=2024-01-01"), "--output is required");
  }

  @Test
  void givenUnparseableDay_exitTwoNamingTheOption() {
    assertBadInput(report("--output=" + tmp, "--from=01/02/2024"), "--from", "YYYY-MM-DD");
  }

  @Test
  void givenReversedRange_exitTwo() {
    assertBadInput(report("--output=" + tmp, "--from=2024-02-01", "--to=2024-01-01"),
        "--from must be before --to");
  }

  @Test
  void givenUnknownOption_exitTwoListingTheOptions() {
    assertBadInput(report("--output=" + tmp, "--fromDay=2024-01-01"),
        "unknown option --fromDay", "--output, --from and --to");
  }

  @Test
  void givenAnOptionOfTheJob_exitTwoSayingReportDoesNotTakeIt() {
    assertBadInput(report("--output=" + tmp, "--createdFrom=2024-01-01"),
        "--createdFrom is an option of the job, not of report", "--output, --from and --to");
  }

  @Test
  void givenOutputWhoseDaysWereAllCleared_writesAPageSayingNothingIsPublished() throws Exception {
    // Arrange: an output of this job (it has a report) whose days have all been emptied
    Files.writeString(tmp.resolve("report.html"), "<html>old</html>");

    // Act
    Run r = report("--output=" + tmp);

    // Assert
    assertThat(r.code).as(r.errLines.toString()).isZero();
    assertThat(r.out.strip()).isEqualTo("report: " + tmp + "/report.html");
    String page = Files.readString(tmp.resolve("report.html"));
    assertThat(page).contains("\"empty\":true").contains("\"period\":null");
    assertThat(Files.list(tmp)).as("no temporary file left").hasSize(1);
  }

  private static void parquet(Path file, String select) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      st.execute("COPY (" + select + ") TO '" + file + "' (FORMAT PARQUET)");
    }
  }
}
