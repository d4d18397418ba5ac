package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.amperityworkflowruns.report.ReliabilityReport;
import com.amperityworkflowruns.report.ReportCommand;
import com.amperityworkflowruns.simulator.ApiSimulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figures a tenant's report embeds are the tables' figures: DuckDB reads the same published
 * Parquet of that tenant and computes them independently (headline, per-type failure rates and
 * durations, the top ten named workflows, attribution, states, rejects).
 */
@Timeout(240)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportNumbersTest {
  private static final LocalDate FROM = LocalDate.of(2024, 1, 1);
  private static final LocalDate TO = LocalDate.of(2024, 3, 1);
  private static final String TERMINAL = TenantTables.TERMINAL;

  private Path out;
  private String tenant;
  private TenantTables tables;
  private JobRun job;
  private JsonNode page;

  @BeforeAll
  void runJobOverSixtyDays(@TempDir Path tmp) {
    try (ApiSimulator sim =
        ApiSimulator.start(SimJob.tenant(1500).dataFrom(FROM).dataTo(TO).build())) {
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      out = tmp.resolve("out");
      tenant = sim.config().tenant();
      job = JobRun.launch(SimJob.args(sim, token, out, FROM, TO));
    }
    tables = new TenantTables(out, tenant);
    page = ReportPageData.of(out.resolve("report-" + tenant + ".html"));
  }

  @Test
  void givenJobDone_launcherPrintsReportPathAndPageCoversEveryPublishedDay() {
    assertThat(job.exitCode).as(job.toString()).isZero();
    assertThat(job.out).contains("report: " + out + "/report-" + tenant + ".html");
    assertThat(page.path("tenant").asText()).isEqualTo(tenant);
    assertThat(page.path("empty").asBoolean()).isFalse();
    assertThat(page.path("period").path("from").asText()).isEqualTo(first("MIN(created_date)"));
    assertThat(page.path("period").path("last").asText()).isEqualTo(first("MAX(created_date)"));
    assertThat(page.path("period").path("volumeBucket").asText()).isEqualTo("day");
    assertThat(page.path("volumeBuckets")).hasSize((int) ChronoUnit.DAYS.between(FROM, TO));
    assertThat(page.path("period").path("trendBucket").asText()).isEqualTo("week");
    assertThat(page.path("trendBuckets")).hasSize(9);
  }

  @Test
  void givenSixtyDays_headlineIsLastThirtyDaysAgainstThirtyBeforeAsDuckDbComputesThem() {
    JsonNode h = page.path("headline");
    assertThat(h.path("from").asText()).isEqualTo("2024-01-31");
    assertThat(h.path("previousFrom").asText()).isEqualTo("2024-01-01");
    assertFigures(h.path("current"), "created_date >= DATE '2024-01-31'");
    assertFigures(h.path("previous"), "created_date < DATE '2024-01-31'");
    assertThat(h.path("current").path("failed").asLong()).isPositive();
  }

  @Test
  void givenPublishedOutput_perTypeFailureRatesEqualRunsTableAndStatsTable() {
    Map<String, Double> fromRuns = new HashMap<>();
    for (Map<String, Object> r : query("SELECT type, count(*) FILTER (state = 'FAILED') * 1.0"
        + " / count(*) FILTER (" + TERMINAL + ") AS rate FROM runs GROUP BY type")) {
      fromRuns.put((String) r.get("type"), (Double) r.get("rate"));
    }
    Map<String, Double> fromStats = new HashMap<>();
    for (Map<String, Object> r : query("SELECT type, sum(failed) * 1.0 / sum(succeeded + failed"
        + " + canceled + stopped) AS rate FROM stats GROUP BY type")) {
      fromStats.put((String) r.get("type"), (Double) r.get("rate"));
    }

    Map<String, Double> onPage = new HashMap<>();
    page.path("types").forEach(t -> onPage.put(t.path("type").asText(),
        t.path("failureRate").asDouble()));
    assertThat(onPage.keySet()).hasSizeGreaterThanOrEqualTo(3).isEqualTo(fromRuns.keySet());
    onPage.forEach((type, rate) -> {
      assertThat(rate).as(type + " vs runs").isCloseTo(fromRuns.get(type), within(1e-12));
      assertThat(rate).as(type + " vs stats").isCloseTo(fromStats.get(type), within(1e-12));
    });
  }

  @Test
  void givenRangeOfTwentyNineDays_dailyFailureRatesAndDurationsEqualStatsTableRows()
      throws Exception {
    // Act: the same report over a range short enough for daily trends
    JsonNode daily = ReportPageData.ofHtml(ReliabilityReport.of(out.toString(), tenant)
        .withRange(LocalDate.of(2024, 2, 1), TO).render());

    // Assert
    assertThat(daily.path("period").path("trendBucket").asText()).isEqualTo("day");
    assertThat(daily.path("headline").path("from").asText()).isEqualTo("2024-02-01");
    assertThat(daily.path("headline").path("previousFrom").asText()).isEqualTo("2024-01-03");
    assertFigures(daily.path("headline").path("current"), "created_date >= DATE '2024-02-01'");
    assertFigures(daily.path("headline").path("previous"),
        "created_date >= DATE '2024-01-03' AND created_date < DATE '2024-02-01'");
    List<String> days = new ArrayList<>();
    daily.path("trendBuckets").forEach(d -> days.add(d.asText()));
    Map<String, JsonNode> types = new HashMap<>();
    daily.path("types").forEach(t -> types.put(t.path("type").asText(), t.path("series")));
    List<Map<String, Object>> rows = query("SELECT CAST(created_date AS VARCHAR) AS day, type,"
        + " failure_rate, duration_ms_p50, duration_ms_p95 FROM stats"
        + " WHERE created_date >= DATE '2024-02-01'");
    assertThat(rows).hasSizeGreaterThan(60);
    for (Map<String, Object> row : rows) {
      String what = row.get("type") + " on " + row.get("day");
      JsonNode t = types.get((String) row.get("type"));
      int i = days.indexOf((String) row.get("day"));
      assertThat(t).as(what + ": the type on the page").isNotNull();
      assertThat(i).as(what + ": the day in the trend").isNotNegative();
      assertThat(nullable(t.path("failureRate").get(i))).as(what).isEqualTo(row.get("failure_rate"));
      assertThat(nullableLong(t.path("p50").get(i))).as(what).isEqualTo(row.get("duration_ms_p50"));
      assertThat(nullableLong(t.path("p95").get(i))).as(what).isEqualTo(row.get("duration_ms_p95"));
    }
  }

  @Test
  void givenWeeklyTrend_weeklyFailureRatesEqualStatsTableAndDurationsEqualRunsTable() {
    List<String> weeks = new ArrayList<>();
    page.path("trendBuckets").forEach(d -> weeks.add(d.asText()));
    Map<String, JsonNode> types = new HashMap<>();
    page.path("types").forEach(t -> types.put(t.path("type").asText(), t.path("series")));
    // 2024-01-01 is a Monday, so the report's weeks are DuckDB's.
    List<Map<String, Object>> rates = query("SELECT CAST(date_trunc('week', created_date) AS DATE)"
        + " AS week, type, sum(failed) * 1.0 / nullif(sum(succeeded + failed + canceled + stopped), 0)"
        + " AS rate FROM stats GROUP BY ALL");
    List<Map<String, Object>> durations = query("SELECT CAST(date_trunc('week', created_date)"
        + " AS DATE) AS week, type, list_sort(list(duration_ms)) AS d FROM runs"
        + " WHERE " + TERMINAL + " AND duration_ms IS NOT NULL GROUP BY ALL");
    assertThat(rates).hasSizeGreaterThan(30);
    for (Map<String, Object> row : rates) {
      JsonNode t = types.get((String) row.get("type"));
      int i = weeks.indexOf(row.get("week").toString());
      assertThat(t).as(row + ": the type on the page").isNotNull();
      assertThat(i).as(row + ": the week in the trend").isNotNegative();
      Double rate = nullable(t.path("failureRate").get(i));
      if (row.get("rate") == null) {
        assertThat(rate).isNull();
      } else {
        assertThat(rate).as(row.toString()).isCloseTo((Double) row.get("rate"), within(1e-12));
      }
    }
    for (Map<String, Object> row : durations) {
      JsonNode t = types.get((String) row.get("type"));
      int i = weeks.indexOf(row.get("week").toString());
      assertThat(t).as(row.get("type") + ": the type on the page").isNotNull();
      assertThat(i).as(row.get("week") + ": the week in the trend").isNotNegative();
      List<Long> sorted = longs(row.get("d"));
      assertThat(t.path("p50").get(i).asLong()).as(row.get("type") + " p50 " + row.get("week"))
          .isEqualTo(sorted.get((int) Math.ceil(0.50 * sorted.size()) - 1));
      assertThat(t.path("p95").get(i).asLong()).as(row.get("type") + " p95 " + row.get("week"))
          .isEqualTo(sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1));
    }
  }

  @Test
  void givenPublishedOutput_topTenNamedWorkflowsEqualDuckDbRanking() {
    List<Map<String, Object>> expected = query("SELECT name,"
        + " count(*) FILTER (state = 'FAILED') AS failures,"
        + " count(*) FILTER (" + TERMINAL + ") AS terminal, count(*) AS runs,"
        + " max(epoch_us(coalesce(ended_at, created_at))) FILTER (state = 'FAILED') AS last,"
        + " CAST(failures AS DOUBLE) / terminal AS rate"
        + " FROM runs WHERE name IS NOT NULL GROUP BY name HAVING failures > 0"
        + " ORDER BY failures DESC, rate DESC, name LIMIT 10");
    List<Object> expectedRates = expected.stream().map(r -> r.remove("rate")).toList();

    List<Map<String, Object>> onPage = new ArrayList<>();
    List<Double> ratesOnPage = new ArrayList<>();
    for (JsonNode w : page.path("topWorkflows")) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", w.path("name").asText());
      m.put("failures", w.path("failures").asLong());
      m.put("terminal", w.path("terminal").asLong());
      m.put("runs", w.path("runs").asLong());
      m.put("last", micros(Instant.parse(w.path("lastFailure").asText())));
      onPage.add(m);
      ratesOnPage.add(w.path("failureRate").asDouble());
    }
    assertThat(onPage).hasSize(10).isEqualTo(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(ratesOnPage.get(i)).as(expected.get(i).get("name") + " failure rate")
          .isCloseTo((Double) expectedRates.get(i), within(1e-12));
    }
  }

  @Test
  void givenPublishedOutput_attributionStatesAndRejectsEqualDuckDb() {
    Map<String, Object> a = query("SELECT"
        + " count(*) FILTER (lower(error_attribution) = 'customer') AS customer,"
        + " count(*) FILTER (lower(error_attribution) = 'platform') AS platform,"
        + " count(*) FILTER (lower(error_attribution) IS DISTINCT FROM 'customer'"
        + "   AND lower(error_attribution) IS DISTINCT FROM 'platform') AS other"
        + " FROM runs WHERE state = 'FAILED'").get(0);
    assertThat(page.path("attribution").path("customer").asLong()).isEqualTo(a.get("customer"));
    assertThat(page.path("attribution").path("platform").asLong()).isEqualTo(a.get("platform"));
    assertThat(page.path("attribution").path("not given").asLong()).isEqualTo(a.get("other"));

    long stacked = 0;
    for (JsonNode state : page.path("states")) {
      for (JsonNode n : state) {
        stacked += n.asLong();
      }
    }
    assertThat(stacked).as("every run stacked once")
        .isEqualTo(query("SELECT count(*) AS n FROM runs").get(0).get("n"));
    long failedStacked = 0;
    for (JsonNode n : page.path("states").path("FAILED")) {
      failedStacked += n.asLong();
    }
    assertThat(failedStacked).isEqualTo(query("SELECT count(*) AS n FROM runs WHERE state = 'FAILED'")
        .get(0).get("n"));
    assertThat(page.path("rejects").path("total").asLong())
        .isPositive()
        .isEqualTo(query("SELECT count(*) AS n FROM rejects").get(0).get("n"));
  }

  @Test
  void givenReportCommandAfterTheJob_rebuildsTheSameFiguresFromTheTablesAlone() throws Exception {
    // Arrange: the simulator is gone, so nothing but the tables can be read
    Files.delete(out.resolve("report-" + tenant + ".html"));
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    // Act
    int code = new ReportCommand(new PrintStream(stdout, true, StandardCharsets.UTF_8),
        new PrintStream(stderr, true, StandardCharsets.UTF_8))
        .run(new String[] {"--output=" + out, "--tenant=" + tenant});

    // Assert
    assertThat(code).as(stderr.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(stdout.toString(StandardCharsets.UTF_8).strip())
        .isEqualTo("report: " + out + "/report-" + tenant + ".html");
    ObjectNode rebuilt = (ObjectNode) ReportPageData.of(out.resolve("report-" + tenant + ".html"));
    ObjectNode original = page.deepCopy();
    rebuilt.remove("generatedAt");
    original.remove("generatedAt");
    assertThat(rebuilt).isEqualTo(original);
  }

  @Test
  void givenRangeWithoutRuns_pageDataSaysEmpty() throws Exception {
    JsonNode empty = ReportPageData.ofHtml(ReliabilityReport.of(out.toString(), tenant)
        .withRange(LocalDate.of(2023, 6, 1), LocalDate.of(2023, 7, 1)).render());

    assertThat(empty.path("empty").asBoolean()).isTrue();
    assertThat(empty.path("headline").path("current").path("runs").asLong()).isZero();
    assertThat(empty.path("types")).isEmpty();
    assertThat(empty.path("publishedFrom").asText()).isEqualTo("2024-01-01");
  }

  private static List<Long> longs(Object sqlArray) {
    try {
      Object[] values = (Object[]) ((java.sql.Array) sqlArray).getArray();
      List<Long> out = new ArrayList<>();
      for (Object v : values) {
        out.add(((Number) v).longValue());
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Double nullable(JsonNode n) {
    return n == null || n.isNull() ? null : n.asDouble();
  }

  private static Long nullableLong(JsonNode n) {
    return n == null || n.isNull() ? null : n.asLong();
  }

  private static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  private List<Map<String, Object>> query(String sql) {
    return tables.query(sql);
  }

  private String first(String expression) {
    return tables.first(expression);
  }

  private void assertFigures(JsonNode figures, String where) {
    tables.assertFigures(figures, where);
  }
}
