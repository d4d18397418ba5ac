package com.amperityworkflowruns.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Renders the page: one HTML file with the stylesheet, Apache ECharts, the page script and the
 * data inlined, and a Content-Security-Policy that allows no network request at all, so the file
 * works offline and any attempt to load something shows as a console error.
 */
final class ReportPage {
  /** ECharts as served by the {@code org.webjars.npm:echarts} artifact. */
  static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

  private ReportPage() {}

  /** The HTML of a page showing {@code data} (as built by {@link ReportJson}). */
  static String render(ObjectNode data) {
    String title = "Workflow reliability - " + data.path("tenant").asText();
    if (data.path("period").has("from")) {
      title += " - " + data.path("period").path("from").asText() + " to "
          + data.path("period").path("last").asText();
    }
    String page = resource("report.html");
    // Replaced in this order so that no inserted text is scanned for a later placeholder.
    int i = page.indexOf("{{SCRIPT}}");
    String head = page.substring(0, i);
    String tail = page.substring(i + "{{SCRIPT}}".length());
    head = head.replace("{{TITLE}}", escapeHtml(title))
        .replace("{{CSS}}", resource("report.css"));
    StringBuilder out = new StringBuilder(1_200_000);
    int d = head.indexOf("{{DATA}}");
    int e = head.indexOf("{{ECHARTS}}");
    out.append(head, 0, d).append(scriptSafeJson(data))
        .append(head, d + "{{DATA}}".length(), e).append(scriptSafe(echarts()))
        .append(head, e + "{{ECHARTS}}".length(), head.length())
        .append(scriptSafe(resource("report.js")))
        .append(tail);
    return out.toString();
  }

  /**
   * JSON that cannot end its {@code <script>} element: {@code <}, {@code >} and {@code &} only
   * occur inside strings, where {@code \}{@code u003c} etc. mean the same.
   */
  static String scriptSafeJson(ObjectNode data) {
    try {
      return ReportJson.JSON.writeValueAsString(data)
          .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report data", e);
    }
  }

  private static String scriptSafe(String js) {
    if (js.toLowerCase(java.util.Locale.ROOT).contains("</script")) {
      throw new IllegalStateException("an inlined script contains </script");
    }
    return js;
  }

  static String escapeHtml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static String echarts() {
    return read(ReportPage.class.getResourceAsStream(ECHARTS), ECHARTS);
  }

  private static String resource(String name) {
    return read(ReportPage.class.getResourceAsStream(name), name);
  }

  private static String read(InputStream in, String name) {
    if (in == null) {
      throw new IllegalStateException(name + " is missing from the classpath: the jar is incomplete");
    }
    try (InputStream s = in) {
      return new String(s.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
