package com.amperityworkflowruns.sink;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.regex.Pattern;

/**
 * Where every file of the output lives, for a local directory or a {@code gs://} prefix.
 *
 * <pre>{@code
 * {root}/workflow_runs/created_date=YYYY-MM-DD/part-{jobId}-00000-of-00002.parquet
 * {root}/workflow_type_stats/YYYY-MM-DD.parquet
 * {root}/rejects/YYYY-MM-DD.parquet
 * {root}/_staging/{jobId}/...      the same three layouts, written by WriteTables
 * {root}/_journal/{jobId}.json     the write-ahead publish journal
 * }</pre>
 *
 * <p>Paths are plain strings joined with {@code /}; directories end with {@code /}. The root must
 * be absolute (a path starting with {@code /} or a URI such as {@code gs://bucket/prefix}) so
 * that the names Beam's {@code FileSystems} returns can be compared with the names built here.
 */
public final class OutputLayout implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  static final String RUNS = "workflow_runs";
  static final String STATS = "workflow_type_stats";
  static final String REJECTS = "rejects";
  static final String STAGING = "_staging";
  static final String JOURNAL = "_journal";
  static final String PARTITION_KEY = "created_date=";

  private final String root;

  private OutputLayout(String root) {
    this.root = root;
  }

  /** The layout rooted at {@code output}, e.g. {@code /data/out} or {@code gs://bucket/runs}. */
  public static OutputLayout of(String output) {
    if (output == null || output.isBlank()) {
      throw new IllegalArgumentException("output is required: a local directory or gs:// prefix");
    }
    String trimmed = output.strip();
    boolean uri = trimmed.matches("[A-Za-z][A-Za-z0-9+.-]*://.+");
    if (!uri && !trimmed.startsWith("/")) {
      throw new IllegalArgumentException(
          "output must be absolute (start with / or a scheme such as gs://), got '" + output + "'");
    }
    int schemeEnd = uri ? trimmed.indexOf("://") + 3 : 0;
    String path = trimmed.substring(schemeEnd).replaceAll("/{2,}", "/");
    while (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return new OutputLayout(trimmed.substring(0, schemeEnd) + path);
  }

  /** Throws unless {@code jobId} is usable in file names (letters, digits, {@code _.-}). */
  public static String checkJobId(String jobId) {
    if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
      throw new IllegalArgumentException(
          "jobId must be 1-128 letters, digits, '_', '.' or '-' (starting with a letter or digit),"
              + " got '" + jobId + "'");
    }
    return jobId;
  }

  /** The output root without a trailing slash. */
  public String root() {
    return root;
  }

  /** {@code root + "/" + relative}. */
  public String resolve(String relative) {
    return root.endsWith("/") ? root + relative : root + "/" + relative;
  }

  /** The path of {@code path} below the root, or throws if it is not below it. */
  public String relativize(String path) {
    String prefix = resolve("");
    String p = path.startsWith("file:") && !prefix.startsWith("file:")
        ? path.replaceFirst("^file:(//)?", "") : path;
    if (!p.startsWith(prefix)) {
      throw new IllegalArgumentException("'" + path + "' is not below the output root " + root);
    }
    return p.substring(prefix.length());
  }

  /** {@code {root}/workflow_runs/}. */
  public String runsDir() {
    return resolve(RUNS + "/");
  }

  /** {@code {root}/workflow_type_stats/}. */
  public String statsDir() {
    return resolve(STATS + "/");
  }

  /** {@code {root}/rejects/}. */
  public String rejectsDir() {
    return resolve(REJECTS + "/");
  }

  /** {@code {root}/workflow_runs/created_date=YYYY-MM-DD/}. */
  public String runsPartition(LocalDate day) {
    return resolve(runsPartitionRelative(day));
  }

  /** {@code {root}/workflow_type_stats/YYYY-MM-DD.parquet}. */
  public String statsFile(LocalDate day) {
    return resolve(STATS + "/" + day + ".parquet");
  }

  /** {@code {root}/rejects/YYYY-MM-DD.parquet}. */
  public String rejectsFile(LocalDate day) {
    return resolve(REJECTS + "/" + day + ".parquet");
  }

  /** {@code {root}/_staging/}: the parent of every job's staging folder. */
  public String stagingRoot() {
    return resolve(STAGING + "/");
  }

  /** {@code {root}/_staging/{jobId}/}: where job {@code jobId} writes before publishing. */
  public String stagingDir(String jobId) {
    return resolve(STAGING + "/" + checkJobId(jobId) + "/");
  }

  /** The layout of job {@code jobId}'s staging folder (the same three sub-layouts). */
  public OutputLayout staging(String jobId) {
    return of(stagingDir(jobId));
  }

  /** {@code {root}/_journal/}. */
  public String journalDir() {
    return resolve(JOURNAL + "/");
  }

  /** {@code {root}/_journal/{jobId}.json}: the publish journal of job {@code jobId}. */
  public String journalFile(String jobId) {
    return resolve(JOURNAL + "/" + checkJobId(jobId) + ".json");
  }

  static String runsPartitionRelative(LocalDate day) {
    return RUNS + "/" + PARTITION_KEY + day + "/";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OutputLayout && root.equals(((OutputLayout) o).root);
  }

  @Override
  public int hashCode() {
    return root.hashCode();
  }

  @Override
  public String toString() {
    return "OutputLayout{" + root + "}";
  }
}
