package com.amperityworkflowruns.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The API filters ({@code --state}, {@code --type}) an output was written with, recorded in
 * {@code {output}/_output.json} by the first publish of a filtered job. A job may only publish into an output of the
 * same filter: a filtered job would otherwise replace whole days of complete data with a subset,
 * and an unfiltered job would mix complete days into a filtered output. An output with published
 * files and no record was written before the record existed, always without a filter.
 */
public final class OutputFilter implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final String FILE = "_output.json";

  private final @Nullable String state;
  private final @Nullable String type;

  private OutputFilter(@Nullable String state, @Nullable String type) {
    this.state = blankToNull(state);
    this.type = blankToNull(type);
  }

  /** The filter of a job: its {@code --state} and {@code --type}, each null for all. */
  public static OutputFilter of(@Nullable String state, @Nullable String type) {
    return new OutputFilter(state, type);
  }

  /** Whether the job reads only part of the runs of its days. */
  public boolean isFiltered() {
    return state != null || type != null;
  }

  /**
   * Checks that a job with this filter may publish into {@code output}; reads only {@code
   * _output.json} and, when it is absent, whether any table file exists.
   *
   * @throws PublishRefusedException naming the filters and the safe alternative
   */
  public void checkCompatible(String output, String tenant) throws IOException {
    checkCompatible(StandardFileOps.INSTANCE, OutputLayout.of(output, tenant));
  }

  public void checkCompatible(FileOps fs, OutputLayout layout) throws IOException {
    OutputFilter recorded = recorded(fs, layout);
    if (recorded == null && hasTables(fs, layout)) {
      recorded = of(null, null);
    }
    if (recorded == null || recorded.equals(this)) {
      return;
    }
    String alternative = isFiltered()
        ? "write them to their own output (e.g. --output=" + layout.root() + "-" + slug()
            + "), or query the complete table with a WHERE clause"
        : "use another --output for complete runs, or run with " + recorded.describe();
    String whose = layout.tenant() == null ? "" : " (tenant " + layout.tenant() + ")";
    throw new PublishRefusedException("--output=" + layout.root() + whose + " holds runs read with "
        + recorded.describe() + "; this job reads " + describe() + " and would replace whole"
        + " days with a different selection: " + alternative + "; nothing was changed");
  }

  /**
   * Records a filter in {@code _output.json} unless a record exists; an unfiltered output needs
   * none (its tables say it is unfiltered).
   */
  public void record(FileOps fs, OutputLayout layout) throws IOException {
    String file = layout.control(FILE);
    if (!isFiltered() || fs.exists(file)) {
      return;
    }
    ObjectNode n = JSON.createObjectNode();
    n.put("version", 1);
    n.put("state", state);
    n.put("type", type);
    fs.write(file + ".tmp", JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
    fs.rename(file + ".tmp", file);
  }

  static @Nullable OutputFilter recorded(FileOps fs, OutputLayout layout) throws IOException {
    String file = layout.control(FILE);
    if (!fs.exists(file)) {
      return null;
    }
    JsonNode n = JSON.readTree(fs.read(file));
    return of(n.path("state").isTextual() ? n.path("state").asText() : null,
        n.path("type").isTextual() ? n.path("type").asText() : null);
  }

  private static boolean hasTables(FileOps fs, OutputLayout layout) throws IOException {
    for (String glob : Publisher.dataFileGlobs(layout)) {
      if (!fs.list(glob).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** {@code --state=failed --type=x}, or {@code no filter}. */
  String describe() {
    if (!isFiltered()) {
      return "no --state or --type filter";
    }
    return ((state == null ? "" : "--state=" + state + " ")
        + (type == null ? "" : "--type=" + type)).trim();
  }

  private String slug() {
    String s = (state == null ? "" : state) + (state != null && type != null ? "-" : "")
        + (type == null ? "" : type);
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
  }

  private static @Nullable String normalizedState(@Nullable String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT).replaceAll("[ _-]", "");
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof OutputFilter
        && Objects.equals(normalizedState(state), normalizedState(((OutputFilter) o).state))
        && Objects.equals(type, ((OutputFilter) o).type);
  }

  @Override
  public int hashCode() {
    return Objects.hash(normalizedState(state), type);
  }

  @Override
  public String toString() {
    return describe();
  }
}
