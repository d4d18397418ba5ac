package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.amperityworkflowruns.report.ReportCommand;
import com.amperityworkflowruns.simulator.ApiSimulator;
import com.amperityworkflowruns.simulator.SimulatorConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two tenants' jobs write one output: each tenant's report shows that tenant's figures, as DuckDB
 * computes them from that tenant's files alone; one tenant's job leaves the other's report as it
 * was; and the README's DuckDB example runs as printed on such an output.
 */
@Timeout(240)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantReportsTest {
  private static final String DEMO = "acme-demo";
  private static final String OTHER = "globex";

  private Path tmp;
  private Path out;
  private final Map<String, JobRun> jobs = new HashMap<>();
  private byte[] demoReportBeforeOtherJob;
  private byte[] demoReportAfterOtherJob;

  @BeforeAll
  void runOneJobPerTenantIntoOneOutput(@TempDir Path tmp) throws IOException {
    this.tmp = tmp;
    out = tmp.resolve("out");
    jobs.put(DEMO, runJob(SimJob.tenant(600).tenant(DEMO).badRecordRate(0.02).build()));
    demoReportBeforeOtherJob = Files.readAllBytes(report(DEMO));
    jobs.put(OTHER, runJob(SimJob.tenant(400).tenant(OTHER).seed(7L).badRecordRate(0.02).build()));
    demoReportAfterOtherJob = Files.readAllBytes(report(DEMO));
  }

  private JobRun runJob(SimulatorConfig config) {
    try (ApiSimulator sim = ApiSimulator.start(config)) {
      Path token = SimJob.secretFile(tmp, "token-" + config.tenant(), sim.config().staticToken());
      return JobRun.launch(SimJob.args(sim, token, out));
    }
  }

  private Path report(String tenant) {
    return out.resolve("report-" + tenant + ".html");
  }

  @ParameterizedTest
  @ValueSource(strings = {DEMO, OTHER})
  void givenTwoTenantsInOneOutput_eachReportShowsItsTenantsFiguresAsDuckDbComputesThemFromItsFiles(
      String tenant) throws IOException {
    // Arrange
    JobRun job = jobs.get(tenant);
    TenantTables tables = new TenantTables(out, tenant);

    // Act
    String html = Files.readString(report(tenant), StandardCharsets.UTF_8);
    JsonNode page = ReportPageData.ofHtml(html);

    // Assert
    assertThat(job.exitCode).as(job.toString()).isZero();
    assertThat(job.out).contains("report: " + report(tenant));
    assertThat(page.path("tenant").asText()).isEqualTo(tenant);
    assertThat(html).contains("<title>Workflow reliability - " + tenant + " - ");
    assertThat(page.path("publishedFrom").asText()).isEqualTo(tables.first("MIN(created_date)"));
    assertThat(page.path("publishedLast").asText()).isEqualTo(tables.first("MAX(created_date)"));
    tables.assertFigures(page.path("headline").path("current"), "true");
    Map<String, Double> rates = new HashMap<>();
    for (Map<String, Object> r : tables.query("SELECT type, count(*) FILTER (state = 'FAILED')"
        + " * 1.0 / count(*) FILTER (" + TenantTables.TERMINAL + ") AS rate"
        + " FROM runs GROUP BY type")) {
      rates.put((String) r.get("type"), (Double) r.get("rate"));
    }
    assertThat(page.path("types")).hasSize(rates.size());
    page.path("types").forEach(t -> assertThat(t.path("failureRate").asDouble())
        .as(t.path("type").asText())
        .isCloseTo(rates.get(t.path("type").asText()), within(1e-12)));
    Map<String, Object> rejects = tables.query("SELECT count(*) AS total,"
        + " count(*) FILTER (created_date IS NULL) AS undated FROM rejects").get(0);
    assertThat(page.path("rejects").path("total").asLong()).isPositive()
        .isEqualTo(rejects.get("total"));
    assertThat(page.path("rejects").path("undated").asLong()).isEqualTo(rejects.get("undated"));
  }

  @Test
  void givenTwoTenantsInOneOutput_theirReportsDifferAndTogetherCoverEveryRun() {
    long demoRuns = ReportPageData.of(report(DEMO)).path("headline").path("current").path("runs")
        .asLong();
    long otherRuns = ReportPageData.of(report(OTHER)).path("headline").path("current").path("runs")
        .asLong();

    long everyRun = (Long) new TenantTables(out, "*").query("SELECT count(*) AS n FROM runs")
        .get(0).get("n");
    assertThat(demoRuns).isNotEqualTo(otherRuns);
    assertThat(demoRuns + otherRuns).isEqualTo(everyRun);
  }

  @Test
  void givenTheOtherTenantsJob_firstTenantsReportIsLeftAsItWas() {
    assertThat(jobs.get(OTHER).exitCode).as(jobs.get(OTHER).toString()).isZero();
    assertThat(Arrays.equals(demoReportAfterOtherJob, demoReportBeforeOtherJob))
        .as(report(DEMO) + " byte for byte before and after the other tenant's job").isTrue();
  }

  @Test
  void givenReportCommandWithoutTenant_rewritesEveryTenantsReportAndPrintsEachPath() {
    // Arrange
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    // Act
    int code = new ReportCommand(new PrintStream(stdout, true, StandardCharsets.UTF_8),
        new PrintStream(stderr, true, StandardCharsets.UTF_8))
        .run(new String[] {"--output=" + out});

    // Assert
    assertThat(code).as(stderr.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(stdout.toString(StandardCharsets.UTF_8).lines())
        .containsExactly("report: " + report(DEMO), "report: " + report(OTHER));
  }

  @Test
  void givenReadmeDuckDbExample_itRunsAsPrintedAndReturnsOnlyTheDemoTenantsRuns()
      throws Exception {
    // Arrange: the README's query reads out/... relative to where it runs: here, tmp
    String sql = readmeDuckDbExample();
    List<String> tenants = new ArrayList<>();

    // Act
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      st.execute("SET file_search_path = '" + tmp + "'");
      try (ResultSet rs = st.executeQuery(sql)) {
        while (rs.next()) {
          tenants.add(rs.getString("tenant"));
          assertThat(rs.getDate("created_date")).isNotNull();
          assertThat(rs.getString("run_id")).isNotBlank();
        }
      }
    }

    // Assert
    assertThat(sql).contains("read_parquet('out/").contains("'" + DEMO + "'");
    assertThat(tenants).hasSize(5).containsOnly(DEMO);
  }

  /** The README's fenced {@code sql} block that reads Parquet with DuckDB. */
  private static String readmeDuckDbExample() throws IOException {
    Matcher m = Pattern.compile("```sql\n(.*?)```", Pattern.DOTALL)
        .matcher(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8));
    while (m.find()) {
      if (m.group(1).contains("read_parquet(")) {
        return m.group(1).strip();
      }
    }
    throw new AssertionError("README.md has no ```sql block with read_parquet(");
  }
}
