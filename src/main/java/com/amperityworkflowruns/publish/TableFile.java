package com.amperityworkflowruns.publish;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A data file's place in the layout, parsed from its path relative to a root (the output or a
 * staging folder): which table, which tenant, which day. Public for readers of the output (the
 * report), which find files with {@link OutputLayout#dataGlobs()}.
 */
public final class TableFile {
  private static final String DAY = "(\\d{4}-\\d{2}-\\d{2})";
  private static final Pattern TENANT_RUNS =
      Pattern.compile(OutputLayout.RUNS + "/" + OutputLayout.TENANT_KEY + "([^/]+)/"
          + OutputLayout.PARTITION_KEY + DAY + "/([^/]+)");
  private static final Pattern TENANT_UNDATED =
      Pattern.compile(OutputLayout.REJECTS + "/" + OutputLayout.TENANT_KEY + "([^/]+)/"
          + OutputLayout.PARTITION_KEY + OutputLayout.NULL_PARTITION
          + "/undated-[0-9a-f]{16}\\.parquet");
  private static final Pattern TENANT_DAY_FILE =
      Pattern.compile("(" + OutputLayout.STATS + "|" + OutputLayout.REJECTS + ")/"
          + OutputLayout.TENANT_KEY + "([^/]+)/" + OutputLayout.PARTITION_KEY + DAY
          + "/[^/]+\\.parquet");
  private static final Pattern RUNS =
      Pattern.compile(OutputLayout.RUNS + "/" + OutputLayout.PARTITION_KEY
          + "(\\d{4}-\\d{2}-\\d{2})/([^/]+)");
  private static final Pattern UNDATED =
      Pattern.compile(OutputLayout.REJECTS + "/undated-[0-9a-f]{16}\\.parquet");
  private static final Pattern DAY_FILE =
      Pattern.compile("(" + OutputLayout.STATS + "|" + OutputLayout.REJECTS
          + ")/(\\d{4}-\\d{2}-\\d{2})\\.parquet");

  /** The table's directory name, e.g. {@code workflow_runs}. */
  public final String table;
  /** The tenant whose file it is; null in an output written before outputs held tenants. */
  public final String tenant;
  /** The file's day; null for an undated reject file, which no day's replacement touches. */
  public final LocalDate day;
  /** The path relative to the root, e.g. {@code rejects/tenant=T/created_date=D/D.parquet}. */
  public final String relative;

  private TableFile(String table, String tenant, LocalDate day, String relative) {
    this.table = table;
    this.tenant = tenant;
    this.day = day;
    this.relative = relative;
  }

  /**
   * The file at {@code relative} (in either layout), or null when it is not a data file of the
   * layout.
   */
  public static TableFile parse(String relative) {
    try {
      Matcher m = TENANT_RUNS.matcher(relative);
      if (m.matches()) {
        return new TableFile(OutputLayout.RUNS, m.group(1), LocalDate.parse(m.group(2)),
            relative);
      }
      m = TENANT_UNDATED.matcher(relative);
      if (m.matches()) {
        return new TableFile(OutputLayout.REJECTS, m.group(1), null, relative);
      }
      m = TENANT_DAY_FILE.matcher(relative);
      if (m.matches()) {
        return new TableFile(m.group(1), m.group(2), LocalDate.parse(m.group(3)), relative);
      }
      m = RUNS.matcher(relative);
      if (m.matches()) {
        return new TableFile(OutputLayout.RUNS, null, LocalDate.parse(m.group(1)), relative);
      }
      if (UNDATED.matcher(relative).matches()) {
        return new TableFile(OutputLayout.REJECTS, null, null, relative);
      }
      m = DAY_FILE.matcher(relative);
      if (m.matches()) {
        return new TableFile(m.group(1), null, LocalDate.parse(m.group(2)), relative);
      }
    } catch (DateTimeParseException e) {
      return null;
    }
    return null;
  }

  /** The table's directory name: {@link OutputLayout#RUNS}, {@code STATS} or {@code REJECTS}. */
  public String table() {
    return table;
  }

  /** The tenant whose file it is; null in an output written before outputs held tenants. */
  public String tenant() {
    return tenant;
  }

  /** The file's day; null for an undated reject file. */
  public LocalDate day() {
    return day;
  }

  /** Whether the file belongs to {@code layout}'s tenant (and layout: tenant or not). */
  public boolean belongsTo(OutputLayout layout) {
    return java.util.Objects.equals(tenant, layout.tenant());
  }

  /** Whether the file's day lies in {@code [fromDay, toDay)}. */
  public boolean inRange(LocalDate fromDay, LocalDate toDay) {
    return day != null && !day.isBefore(fromDay) && day.isBefore(toDay);
  }

  /**
   * The name (without {@code .parquet}) of the file of an undated reject: {@code undated-} and 16
   * hex digits of the SHA-256 of its run id, or of its raw JSON when it has no id, so that every
   * job files the same record under the same name and a rerun replaces it.
   */
  public static String undatedName(String runId, String rawJson) {
    String identity = runId != null ? "id:" + runId : "raw:" + rawJson;
    try {
      byte[] sha = java.security.MessageDigest.getInstance("SHA-256")
          .digest(identity.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "undated-" + java.util.HexFormat.of().formatHex(sha, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Orders the files of a day: runs, then stats, then rejects. */
  public int tableOrder() {
    switch (table) {
      case OutputLayout.RUNS:
        return 0;
      case OutputLayout.STATS:
        return 1;
      default:
        return 2;
    }
  }
}
