package com.amperityworkflowruns.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page is one offline file and names from the API cannot break out of its data. */
class ReportPageTest {
  private static ObjectNode data(String tenant) {
    return ReportJson.nothingPublished("/out", tenant, Instant.parse("2024-05-01T00:00:00Z"));
  }

  @Test
  void givenAnyData_pageInlinesEchartsAndLoadsNothingFromElsewhere() {
    String html = ReportPage.render(data("acme"));

    assertThat(html).contains("Apache Software Foundation").contains("echarts");
    assertThat(html).contains("Content-Security-Policy").contains("default-src 'none'");
    assertThat(Pattern.compile("<script[^>]*\\ssrc=").matcher(html).find())
        .as("a script loaded from a file").isFalse();
    String markup = Pattern.compile("<script[^>]*>.*?</script>", Pattern.DOTALL)
        .matcher(html).replaceAll("");
    assertThat(Pattern.compile("\\s(src|href)=", Pattern.CASE_INSENSITIVE).matcher(markup).find())
        .as("markup loading a file: " + markup).isFalse();
    assertThat(html.length()).isGreaterThan(1_000_000);
  }

  @Test
  void givenNameClosingTheScript_dataStaysInsideItsScriptAndTitleIsEscaped() {
    String evil = "</script><script>alert(1)</script>&<b>";

    String html = ReportPage.render(data(evil));

    assertThat(html).doesNotContain(evil).doesNotContain("<script>alert(1)");
    assertThat(html).contains("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)");
    assertThat(html).contains("<title>Workflow reliability - &lt;/script&gt;&lt;script&gt;");
  }
}
