package com.amperityworkflowruns.publish;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where every file of the output lives, for a local directory or a {@code gs://} prefix. An
 * output holds any number of tenants; each job reads one tenant and owns only that tenant's files
 * (Hive-style partitions, so DuckDB, Spark and BigQuery external tables read them as columns):
 *
 * <pre>{@code
 * {root}/workflow_runs/tenant=T/created_date=YYYY-MM-DD/part-{jobId}-00000-of-00001.parquet
 * {root}/workflow_type_stats/tenant=T/created_date=YYYY-MM-DD/YYYY-MM-DD.parquet
 * {root}/rejects/tenant=T/created_date=YYYY-MM-DD/YYYY-MM-DD.parquet
 * {root}/rejects/tenant=T/created_date=__HIVE_DEFAULT_PARTITION__/undated-{key}.parquet
 * {root}/_tenants/T/_staging/{jobId}/...   the same layouts, written by WriteTables
 * {root}/_tenants/T/_journal/{jobId}.json  the write-ahead publish journal
 * {root}/_tenants/T/_lease.json, _output.json, _refresh.json, _reports/, _resume/, _stream_state/
 * }</pre>
 *
 * <p>{@link #of(String)} without a tenant is the layout this job wrote before outputs held
 * tenants ({@code workflow_runs/created_date=D/}, {@code workflow_type_stats/D.parquet}, control
 * files at the root): it is read only to detect and migrate such an output ({@link
 * com.amperityworkflowruns.sink.LegacyOutput}).
 *
 * <p>Paths are plain strings joined with {@code /}; directories end with {@code /}. The root must
 * be absolute (a path starting with {@code /} or a URI such as {@code gs://bucket/prefix}) so
 * that the names Beam's {@code FileSystems} returns can be compared with the names built here.
 */
public final class OutputLayout implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  /** The folder of the runs table. */
  public static final String RUNS = "workflow_runs";
  /** The folder of the statistics table. */
  public static final String STATS = "workflow_type_stats";
  /** The folder of the rejects table. */
  public static final String REJECTS = "rejects";
  public static final String STAGING = "_staging";
  public static final String JOURNAL = "_journal";
  public static final String PARTITION_KEY = "created_date=";
  public static final String TENANT_KEY = "tenant=";
  public static final String TENANTS = "_tenants";
  /** Hive's name for a null partition value: the folder of rejects without a day. */
  static final String NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__";
  private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  private final String root;
  /** The tenant whose files this layout addresses; null for the layout before tenants. */
  private final String tenant;

  private OutputLayout(String root, String tenant) {
    this.root = root;
    this.tenant = tenant;
  }

  /**
   * Tenant {@code tenant}'s files of the output {@code output}, e.g. {@code /data/out} or {@code
   * gs://bucket/runs}.
   */
  public static OutputLayout of(String output, String tenant) {
    return new OutputLayout(of(output).root, checkTenant(tenant));
  }

  /** Throws unless {@code tenant} is usable in a path (letters, digits, {@code _.-}). */
  public static String checkTenant(String tenant) {
    if (tenant == null || !TENANT.matcher(tenant).matches()) {
      throw new IllegalArgumentException(
          "tenant must be 1-128 letters, digits, '_', '.' or '-' (starting with a letter or"
              + " digit), got '" + tenant + "'");
    }
    return tenant;
  }

  /**
   * The output {@code output} as this job wrote it before outputs held tenants (one tenant, no
   * {@code tenant=} folders): only for detecting and migrating such an output.
   */
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
    return new OutputLayout(trimmed.substring(0, schemeEnd) + path, null);
  }

  /** The same output root, for tenant {@code tenant}. */
  public OutputLayout forTenant(String tenant) {
    return new OutputLayout(root, checkTenant(tenant));
  }

  /** The tenant this layout addresses, or null for the layout before tenants. */
  public String tenant() {
    return tenant;
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

  /** {@code {root}/workflow_runs/tenant=T/} (before tenants: {@code {root}/workflow_runs/}). */
  public String runsDir() {
    return resolve(tableRelative(RUNS));
  }

  /** {@code {root}/workflow_type_stats/tenant=T/}. */
  public String statsDir() {
    return resolve(tableRelative(STATS));
  }

  /** {@code {root}/rejects/tenant=T/}. */
  public String rejectsDir() {
    return resolve(tableRelative(REJECTS));
  }

  /** The folder of table {@code table} (e.g. {@code finished_runs}) for this layout's tenant. */
  public String tableDir(String table) {
    return resolve(tableRelative(table));
  }

  /** {@code {root}/workflow_runs/tenant=T/created_date=YYYY-MM-DD/}. */
  public String runsPartition(LocalDate day) {
    return resolve(runsPartitionRelative(day));
  }

  /** {@code {root}/workflow_type_stats/tenant=T/created_date=YYYY-MM-DD/YYYY-MM-DD.parquet}. */
  public String statsFile(LocalDate day) {
    return resolve(dayFileRelative(STATS, day));
  }

  /** {@code {root}/rejects/tenant=T/created_date=YYYY-MM-DD/YYYY-MM-DD.parquet}. */
  public String rejectsFile(LocalDate day) {
    return resolve(dayFileRelative(REJECTS, day));
  }

  /**
   * Where this layout's control files live: {@code {root}/_tenants/T/} (before tenants: the
   * root), so that jobs of two tenants never share a lease, journal, spool or stream state.
   */
  public String controlDir() {
    return tenant == null ? resolve("") : resolve(TENANTS + "/" + tenant + "/");
  }

  /** {@code controlDir() + relative}, e.g. {@code control("_lease.json")}. */
  public String control(String relative) {
    return controlDir() + relative;
  }

  /** {@code {root}/_tenants/T/_staging/}: the parent of every job's staging folder. */
  public String stagingRoot() {
    return control(STAGING + "/");
  }

  /** {@code {root}/_tenants/T/_staging/{jobId}/}: where job {@code jobId} writes first. */
  public String stagingDir(String jobId) {
    return control(STAGING + "/" + checkJobId(jobId) + "/");
  }

  /** The layout of job {@code jobId}'s staging folder (the same table sub-layouts). */
  public OutputLayout staging(String jobId) {
    return new OutputLayout(of(stagingDir(jobId)).root, tenant);
  }

  /** {@code {root}/_tenants/T/_journal/}. */
  public String journalDir() {
    return control(JOURNAL + "/");
  }

  /** {@code {root}/_tenants/T/_journal/{jobId}.json}: the publish journal of job {@code jobId}. */
  public String journalFile(String jobId) {
    return control(JOURNAL + "/" + checkJobId(jobId) + ".json");
  }

  /**
   * Globs matching every published data file of this layout's tenant (runs, statistics, dated and
   * undated rejects; staging and control files never), or before tenants the old layout's: for
   * readers of the output, which parse each match with {@link TableFile#parse}.
   */
  public List<String> dataGlobs() {
    if (tenant == null) {
      return List.of(resolve(RUNS + "/" + PARTITION_KEY + "*/*.parquet"),
          resolve(STATS + "/*.parquet"), resolve(REJECTS + "/*.parquet"));
    }
    return dataGlobs(tenant);
  }

  /** Globs matching the published data files of every tenant of the output. */
  public List<String> everyTenantsDataGlobs() {
    return dataGlobs("*");
  }

  private List<String> dataGlobs(String tenantGlob) {
    return List.of(RUNS, STATS, REJECTS).stream()
        .map(t -> resolve(t + "/" + TENANT_KEY + tenantGlob + "/" + PARTITION_KEY + "*/*.parquet"))
        .toList();
  }

  /** {@code table/tenant=T/} relative to the root ({@code table/} before tenants). */
  public String tableRelative(String table) {
    return tenant == null ? table + "/" : table + "/" + TENANT_KEY + tenant + "/";
  }

  public String runsPartitionRelative(LocalDate day) {
    return tableRelative(RUNS) + PARTITION_KEY + day + "/";
  }

  /** The one file of a day of {@code workflow_type_stats} or {@code rejects}. */
  public String dayFileRelative(String table, LocalDate day) {
    return tenant == null
        ? table + "/" + day + ".parquet"
        : tableRelative(table) + PARTITION_KEY + day + "/" + day + ".parquet";
  }

  /** The folder, relative to the table's, of rejects without a day. */
  public static String undatedFolder() {
    return PARTITION_KEY + NULL_PARTITION + "/";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OutputLayout && root.equals(((OutputLayout) o).root)
        && java.util.Objects.equals(tenant, ((OutputLayout) o).tenant);
  }

  @Override
  public int hashCode() {
    return root.hashCode();
  }

  @Override
  public String toString() {
    return "OutputLayout{" + root + (tenant == null ? "" : ", tenant " + tenant) + "}";
  }
}
