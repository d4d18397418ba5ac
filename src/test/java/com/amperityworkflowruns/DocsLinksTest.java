package com.amperityworkflowruns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and the pages in docs/ hold together: every relative link and image names a file
 * that exists, and every {@code #anchor} a heading of its page (GitHub's anchors: lower case,
 * punctuation dropped, spaces as hyphens, {@code -1}, {@code -2} for repeats). And the README
 * stays a page a newcomer reads on arrival.
 */
class DocsLinksTest {
  private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)[^)]*\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

  @Test
  void everyRelativeLinkOfTheReadmeAndDocs_resolves() throws IOException {
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path doc : documents()) {
      Matcher m = LINK.matcher(withoutCode(Files.readString(doc)));
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
          continue; // https:, mailto: and the like
        }
        checked++;
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path resolved = file.isEmpty() ? doc : doc.resolveSibling(file).normalize();
        if (!Files.exists(resolved)) {
          broken.add(doc + ": " + target + " (no such file)");
        } else if (hash >= 0 && resolved.toString().endsWith(".md")
            && !anchors(resolved).contains(target.substring(hash + 1))) {
          broken.add(doc + ": " + target + " (no such heading in " + resolved + ")");
        }
      }
    }

    assertThat(checked).as("relative links checked").isGreaterThan(10);
    assertThat(broken).as("broken links").isEmpty();
  }

  @Test
  void theReadme_fitsOnAFewScreens() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("README.md"));

    assertThat(lines.size()).as("README.md lines").isLessThanOrEqualTo(250);
  }

  private static List<Path> documents() throws IOException {
    List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
    try (Stream<Path> pages = Files.list(Path.of("docs"))) {
      pages.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs;
  }

  /** The anchors GitHub gives the headings of a page (outside code blocks). */
  static Set<String> anchors(Path page) throws IOException {
    Set<String> anchors = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fenced = false;
    for (String line : Files.readAllLines(page)) {
      if (line.stripLeading().startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      Matcher h = HEADING.matcher(line);
      if (!fenced && h.matches()) {
        String slug = h.group(1).toLowerCase(Locale.ROOT)
            .replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-');
        int n = seen.merge(slug, 1, Integer::sum) - 1;
        anchors.add(n == 0 ? slug : slug + "-" + n);
      }
    }
    return anchors;
  }

  /** The text without fenced code blocks and inline code, where brackets are not links. */
  static String withoutCode(String markdown) {
    StringBuilder out = new StringBuilder();
    boolean fenced = false;
    for (String line : markdown.split("\n", -1)) {
      if (line.stripLeading().startsWith("```")) {
        fenced = !fenced;
      } else if (!fenced) {
        out.append(line.replaceAll("`[^`]*`", "``"));
      }
      out.append('\n');
    }
    return out.toString();
  }
}
