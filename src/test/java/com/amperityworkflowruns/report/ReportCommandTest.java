package com.amperityworkflowruns.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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

/**
 * The {@code report} command: one page per tenant; bad input is exit 2 and one {@code error:} line
 * naming what is wrong.
 */
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
        "workflow_runs/tenant=T/created_date=YYYY-MM-DD/*.parquet");
    assertThat(Files.list(tmp)).as("no report written").hasSize(1);
  }

  @Test
  void givenMissingFolder_exitTwo() {
    Run r = report("--output=" + tmp.resolve("nowhere"), "--tenant=acme");

    assertBadInput(r, "nowhere", "not an output of this job");
  }

  @Test
  void givenRunsDayWithoutStatsFile_exitTwoNamingTheMissingFile() throws Exception {
    parquet(runsDay("acme", "2024-01-02").resolve("part-0.parquet"), "SELECT 'r1' AS run_id");

    Run r = report("--output=" + tmp, "--tenant=acme");

    assertBadInput(r,
        "workflow_type_stats/tenant=acme/created_date=2024-01-02/2024-01-02.parquet is missing");
  }

  @Test
  void givenRunsFileWithoutTheRunColumns_exitTwoNamingFileAndColumn() throws Exception {
    parquet(runsDay("acme", "2024-01-02").resolve("part-0.parquet"), "SELECT 'r1' AS run_id");
    parquet(statsFile("acme", "2024-01-02"), "SELECT 1 AS runs");

    Run r = report("--output=" + tmp, "--tenant=acme");

    assertBadInput(r, "part-0.parquet", "has no column name");
  }

  @Test
  void givenRunsFileThatIsNotParquet_exitTwoNamingTheFile() throws Exception {
    Files.writeString(runsDay("acme", "2024-01-02").resolve("part-0.parquet"), "{\"run_id\": 1}");
    Files.writeString(statsFile("acme", "2024-01-02"), "x");

    Run r = report("--output=" + tmp, "--tenant=acme");

    assertBadInput(r, "part-0.parquet", "is not a readable Parquet file");
  }

  @Test
  void givenUnknownTenant_exitTwoListingTheTenantsThere() throws Exception {
    Files.writeString(tmp.resolve("report-acme.html"), "old");
    parquet(runsDay("globex", "2024-01-02").resolve("part-0.parquet"), "SELECT 'r1' AS run_id");

    Run r = report("--output=" + tmp, "--tenant=initech");

    assertBadInput(r, "holds no tenant initech", "the tenants there: acme, globex");
    assertThat(tmp.resolve("report-initech.html")).doesNotExist();
  }

  @Test
  void givenUnusableTenantName_exitTwoNamingTheOption() {
    assertBadInput(report("--output=" + tmp, "--tenant=../acme"), "--tenant must be", "../acme");
  }

  @Test
  void givenOutputInTheLayoutBeforeTenants_exitTwoNamingTheMigrateCommand() throws Exception {
    // Arrange: the one-tenant layout: workflow_runs/created_date=D/ directly below the output
    Path day = Files.createDirectories(tmp.resolve("workflow_runs/created_date=2024-01-02"));
    parquet(day.resolve("part-0.parquet"), "SELECT 'r1' AS run_id");
    Files.writeString(tmp.resolve("report.html"), "old");

    // Act
    Run withoutTenant = report("--output=" + tmp);
    Run withTenant = report("--output=" + tmp, "--tenant=acme");

    // Assert
    assertBadInput(withoutTenant, "written before outputs held tenants",
        "migrate it first: java -jar amperity-workflow-runs.jar migrate --output=" + tmp
            + " --tenant=T");
    assertBadInput(withTenant,
        "java -jar amperity-workflow-runs.jar migrate --output=" + tmp + " --tenant=acme");
    assertThat(Files.readString(tmp.resolve("report.html"))).isEqualTo("old");
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
        "unknown option --fromDay", "--output, --tenant, --from and --to");
  }

  @Test
  void givenAnOptionOfTheJob_exitTwoSayingReportDoesNotTakeIt() {
    assertBadInput(report("--output=" + tmp, "--createdFrom=2024-01-01"),
        "--createdFrom is an option of the job, not of report",
        "--output, --tenant, --from and --to");
  }

  @Test
  void givenTenantWhoseDaysWereAllCleared_writesAPageSayingNothingIsPublished() throws Exception {
    // Arrange: a tenant of this output (it has a report) whose days have all been emptied
    Files.writeString(tmp.resolve("report-acme.html"), "<html>old</html>");

    // Act
    Run r = report("--output=" + tmp, "--tenant=acme");

    // Assert
    assertThat(r.code).as(r.errLines.toString()).isZero();
    assertThat(r.out.strip()).isEqualTo("report: " + tmp + "/report-acme.html");
    String page = Files.readString(tmp.resolve("report-acme.html"));
    assertThat(page).contains("\"empty\":true").contains("\"period\":null")
        .contains("\"tenant\":\"acme\"").contains("<title>Workflow reliability - acme</title>");
    assertThat(Files.list(tmp)).as("no temporary file left").hasSize(1);
  }

  @Test
  void givenNoTenantOption_writesOneReportPerTenantAndPrintsEachPath() throws Exception {
    // Arrange: two tenants whose days were all cleared
    Files.writeString(tmp.resolve("report-globex.html"), "old");
    Files.writeString(tmp.resolve("report-acme.html"), "old");

    // Act
    Run r = report("--output=" + tmp);

    // Assert
    assertThat(r.code).as(r.errLines.toString()).isZero();
    assertThat(r.out.lines()).containsExactly(
        "report: " + tmp + "/report-acme.html", "report: " + tmp + "/report-globex.html");
    assertThat(Files.readString(tmp.resolve("report-acme.html"))).contains("\"tenant\":\"acme\"");
    assertThat(Files.readString(tmp.resolve("report-globex.html")))
        .contains("\"tenant\":\"globex\"");
  }

  @Test
  void givenAnotherTenantsUnreadableFiles_reportOfThisTenantIsWritten() throws Exception {
    // Arrange: acme's days were cleared; globex's files are not Parquet at all
    Files.writeString(tmp.resolve("report-acme.html"), "old");
    Files.writeString(runsDay("globex", "2024-01-02").resolve("part-0.parquet"), "not parquet");
    Files.writeString(statsFile("globex", "2024-01-02"), "not parquet");

    // Act
    Run r = report("--output=" + tmp, "--tenant=acme");

    // Assert
    assertThat(r.code).as(r.errLines.toString()).isZero();
    assertThat(Files.readString(tmp.resolve("report-acme.html"))).contains("\"empty\":true");
  }

  private Path runsDay(String tenant, String day) throws IOException {
    return Files.createDirectories(
        tmp.resolve("workflow_runs/tenant=" + tenant + "/created_date=" + day));
  }

  private Path statsFile(String tenant, String day) throws IOException {
    return Files.createDirectories(
            tmp.resolve("workflow_type_stats/tenant=" + tenant + "/created_date=" + day))
        .resolve(day + ".parquet");
  }

  private static void parquet(Path file, String select) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      st.execute("COPY (" + select + ") TO '" + file + "' (FORMAT PARQUET)");
    }
  }
}
