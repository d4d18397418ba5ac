package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amperityworkflowruns.report.ReliabilityReport;
import com.amperityworkflowruns.simulator.ApiSimulator;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tenant's report page in a real browser (headless Chromium, offline): no console errors (the page's
 * Content-Security-Policy turns any network request into one), every chart container holds a
 * drawn chart, every section has a caption, and a 1400 px wide screenshot is written to {@code
 * target/report-screenshots/} for people to look at.
 *
 * <p>Needs Debian's {@code chromium} (.ci/run installs it). Without it the tests are skipped,
 * unless {@code REQUIRE_BROWSER} is set, as CI sets it, when they fail.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportInBrowserTest {
  static final Path SCREENSHOTS = Path.of("target", "report-screenshots");
  private static final LocalDate FROM = LocalDate.of(2024, 1, 1);
  private static final LocalDate TO = LocalDate.of(2024, 3, 1);
  private static final Pattern CHART = Pattern.compile("<div class=\"chart[^\"]*\"([^>]*)>");

  private Path tmp;
  private Path out;
  private String tenant;
  private Path page;
  private HeadlessChromium browser;

  @BeforeAll
  void runJobAndFindBrowser(@TempDir Path tmp) {
    this.tmp = tmp;
    Optional<HeadlessChromium> found = HeadlessChromium.find(tmp.resolve("profile"));
    if (System.getenv("REQUIRE_BROWSER") != null) {
      assertThat(found).as("chromium on the PATH (apt-get install -y chromium)").isPresent();
    }
    assumeTrue(found.isPresent(), "chromium is not installed: apt-get install -y chromium");
    browser = found.get();
    try (ApiSimulator sim =
        ApiSimulator.start(SimJob.tenant(800).dataFrom(FROM).dataTo(TO).build())) {
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      out = tmp.resolve("out");
      tenant = sim.config().tenant();
      JobRun job = JobRun.launch(SimJob.args(sim, token, out, FROM, TO));
      assertThat(job.exitCode).as(job.toString()).isZero();
    }
    page = out.resolve("report-" + tenant + ".html");
  }

  @Test
  void givenJobReport_noConsoleErrorsEveryChartContainerHasADrawnChartAndHeadlineNamesTenant() {
    // Act
    HeadlessChromium.Result r = browser.dumpDom(page, 1400, 1000);

    // Assert
    assertThat(r.consoleLines()).as("console messages").isEmpty();
    assertThat(r.dom).contains("data-height=");
    Matcher charts = CHART.matcher(r.dom);
    int containers = 0;
    while (charts.find()) {
      containers++;
      assertThat(charts.group(1)).as("chart container " + containers).contains("data-rendered=\"true\"");
    }
    assertThat(containers).as("chart containers").isEqualTo(8);
    String[] drawn = r.dom.split("<div class=\"chart");
    for (int i = 1; i < drawn.length; i++) {
      String chart = drawn[i].substring(0, drawn[i].indexOf("</svg>"));
      assertThat(chart).as("chart " + i).contains("<svg");
      assertThat(count(chart, "<path")).as("shapes drawn in chart " + i).isGreaterThanOrEqualTo(3);
    }
    for (int section = 1; section <= 7; section++) {
      assertThat(r.dom).contains("<h2>" + section + ". ");
    }
    assertThat(count(r.dom, "<p class=\"caption\">")).as("captions").isEqualTo(7);
    assertThat(r.dom).contains("<table>").contains("last failure (UTC)");
    assertThat(r.dom).contains("<h1>Workflow reliability – tenant " + tenant + "</h1>");
  }

  @Test
  void givenJobReport_writesA1400PixelWideScreenshotOfTheWholePage() throws Exception {
    // Arrange
    int height = pageHeight(browser.dumpDom(page, 1400, 1000).dom);
    Files.createDirectories(SCREENSHOTS);
    Path png = SCREENSHOTS.resolve("report-1400.png");
    Files.deleteIfExists(png);

    // Act
    browser.screenshot(page, 1400, height, png);

    // Assert
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(1400);
    assertThat(image.getHeight()).isEqualTo(height).isGreaterThan(2000);
    assertThat(colours(image)).as("distinct colours: charts, not a blank page").isGreaterThan(50);
  }

  @Test
  void givenEmptyPeriod_pageSaysSoWithoutChartsOrErrors() throws Exception {
    // Arrange
    Path empty = tmp.resolve("empty.html");
    Files.writeString(empty, ReliabilityReport.of(out.toString(), tenant)
        .withRange(LocalDate.of(2023, 6, 1), LocalDate.of(2023, 7, 1)).render(),
        StandardCharsets.UTF_8);

    // Act
    HeadlessChromium.Result r = browser.dumpDom(empty, 1400, 1000);

    // Assert
    assertThat(r.consoleLines()).isEmpty();
    assertThat(r.dom).contains("No runs were published for 2023-06-01 to 2023-06-30.")
        .contains("Tenant " + tenant + " has data from 2024-01-01 to 2024-02-29.")
        .doesNotContain("<div class=\"chart");
  }

  @Test
  void givenPageWithAScriptErrorOrNetworkRequest_browserHarnessReportsThem() throws Exception {
    // Arrange: the same page plus an uncaught error and an image from the network
    String html = Files.readString(page, StandardCharsets.UTF_8).replace("</body>",
        "<img src=\"http://127.0.0.1:9/x.png\"><script>throw new Error('boom');</script></body>");
    Path broken = tmp.resolve("broken.html");
    Files.writeString(broken, html, StandardCharsets.UTF_8);

    // Act
    HeadlessChromium.Result r = browser.dumpDom(broken, 1400, 1000);

    // Assert
    assertThat(r.consoleLines()).anyMatch(l -> l.contains("boom"));
    assertThat(r.consoleLines()).anyMatch(l -> l.contains("Content Security Policy"));
  }

  private static int pageHeight(String dom) {
    Matcher m = Pattern.compile("data-height=\"(\\d+)\"").matcher(dom);
    assertThat(m.find()).as("the page reports its height").isTrue();
    return Integer.parseInt(m.group(1));
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  private static int colours(BufferedImage image) {
    Set<Integer> seen = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 7) {
      for (int x = 0; x < image.getWidth(); x += 7) {
        seen.add(image.getRGB(x, y));
      }
    }
    return seen.size();
  }
}
