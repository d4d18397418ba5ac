package com.amperityworkflowruns.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The data a report page embeds, read back from the HTML file as the page's script reads it. */
final class ReportPageData {
  private static final Pattern DATA =
      Pattern.compile("<script type=\"application/json\" id=\"report-data\">(.*?)</script>",
          Pattern.DOTALL);

  private ReportPageData() {}

  static JsonNode of(Path page) {
    try {
      return ofHtml(Files.readString(page, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode ofHtml(String html) {
    Matcher m = DATA.matcher(html);
    if (!m.find()) {
      throw new AssertionError("the page embeds no report-data script");
    }
    try {
      return new ObjectMapper().readTree(m.group(1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
