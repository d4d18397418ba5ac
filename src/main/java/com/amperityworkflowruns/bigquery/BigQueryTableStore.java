package com.amperityworkflowruns.bigquery;

import com.amperityworkflowruns.model.Days;
import com.amperityworkflowruns.publish.RefreshMark;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.client.util.Sleeper;
import com.google.api.services.bigquery.Bigquery;
import com.google.api.services.bigquery.BigqueryScopes;
import com.google.api.services.bigquery.model.Dataset;
import com.google.api.services.bigquery.model.Job;
import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableReference;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.GoogleCredentials;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The real {@link TableStore}: BigQuery's REST API through the generated client that Beam's
 * BigQueryIO uses too. Every call has a connect and a read time-out and runs through {@link
 * BoundedCalls}: at most {@code maxAttempts} tries, none started once {@code retryWindow} has
 * passed; so a call returns or fails within about {@code retryWindow} plus one try, never hangs.
 * A query job is polled until it is done, for at most {@code jobTimeout} ({@link QueryJobs}); the
 * tenant is always the query parameter {@code @tenant}. A replacement's transaction runs under ids
 * derived from its script, looked up before each try ({@link TransactionJobs}).
 */
public final class BigQueryTableStore implements TableStore {
  /** BigQuery's API endpoint. */
  static final String DEFAULT_ROOT_URL = "https://bigquery.googleapis.com/";

  private final Bigquery client;
  private final BoundedCalls calls;
  private final QueryJobs queries;
  private final TransactionJobs transactions;

  /** Time-outs, attempts and endpoint; serializable so a factory can carry them to workers. */
  public static final class Settings implements Factory {
    private static final long serialVersionUID = 1L;
    final String rootUrl;
    final Duration connectTimeout;
    final Duration readTimeout;
    final int maxAttempts;
    final Duration retryWindow;
    final Duration jobTimeout;
    final boolean useCredentials;

    Settings(
        String rootUrl,
        Duration connectTimeout,
        Duration readTimeout,
        int maxAttempts,
        Duration retryWindow,
        Duration jobTimeout,
        boolean useCredentials) {
      this.rootUrl = rootUrl;
      this.connectTimeout = connectTimeout;
      this.readTimeout = readTimeout;
      this.maxAttempts = maxAttempts;
      this.retryWindow = retryWindow;
      this.jobTimeout = jobTimeout;
      this.useCredentials = useCredentials;
    }

    /**
     * Production settings: 5 s to connect, 12 s to read, 3 attempts started within 15 s (a failing
     * call, token refresh included, ends within about 50 s; an unreachable network in seconds),
     * query jobs polled for up to 6 hours.
     */
    public static Settings defaults() {
      return new Settings(
          DEFAULT_ROOT_URL, Duration.ofSeconds(5), Duration.ofSeconds(12), 3,
          Duration.ofSeconds(15), Duration.ofHours(6), true);
    }

    /** Against {@code rootUrl} without credentials (tests against a loopback server). */
    static Settings unauthenticated(String rootUrl, Duration connect, Duration read, int attempts,
        Duration retryWindow, Duration jobTimeout) {
      return new Settings(rootUrl, connect, read, attempts, retryWindow, jobTimeout, false);
    }

    @Override
    public TableStore open() throws TableStoreException {
      GoogleCredentials credentials =
          useCredentials
              ? GoogleCredentialsLocator.ofThisMachine().find(List.of(BigqueryScopes.BIGQUERY))
              : null;
      return new BigQueryTableStore(this, credentials, Sleeper.DEFAULT);
    }
  }

  BigQueryTableStore(Settings settings, @Nullable GoogleCredentials credentials, Sleeper sleeper) {
    this.calls = new BoundedCalls(settings.maxAttempts, settings.retryWindow, sleeper);
    HttpCredentialsAdapter auth = credentials == null ? null : new HttpCredentialsAdapter(credentials);
    HttpRequestInitializer init =
        request -> {
          if (auth != null) {
            auth.initialize(request);
          }
          request.setConnectTimeout((int) settings.connectTimeout.toMillis());
          request.setReadTimeout((int) settings.readTimeout.toMillis());
          request.setNumberOfRetries(1);
        };
    this.client =
        new Bigquery.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(), init)
            .setRootUrl(settings.rootUrl)
            .setApplicationName("amperity-workflow-runs")
            .build();
    this.queries = new QueryJobs(client, calls, settings.jobTimeout);
    this.transactions = new TransactionJobs(queries);
  }

  @Override
  public Dataset checkDataset(DatasetRef dataset) throws TableStoreException {
    return calls.run("read dataset " + dataset,
        () -> client.datasets().get(dataset.project, dataset.dataset).execute());
  }

  @Override
  public void checkCanStartJobs(DatasetRef dataset) throws TableStoreException {
    queries.dryRun(dataset.table(BigQueryTables.RUNS.name()));
  }

  @Override
  public @Nullable Table describe(TableReference t) throws TableStoreException {
    try {
      return calls.run("read table " + ReplaceSql.name(t),
          () -> client.tables().get(t.getProjectId(), t.getDatasetId(), t.getTableId()).execute());
    } catch (TableStoreException e) {
      if (e.kind() == TableStoreException.Kind.NOT_FOUND) {
        return null;
      }
      throw e;
    }
  }

  @Override
  public void createTable(TableReference t, TableSpec spec, @Nullable Instant expiresAt)
      throws TableStoreException {
    Table table = spec.toTable(t);
    if (expiresAt != null) {
      table.setExpirationTime(expiresAt.toEpochMilli());
    }
    calls.run("create table " + ReplaceSql.name(t),
        () -> client.tables().insert(t.getProjectId(), t.getDatasetId(), table).execute());
  }

  @Override
  public void dropTable(TableReference t) throws TableStoreException {
    try {
      calls.run("drop table " + ReplaceSql.name(t), () -> {
        client.tables().delete(t.getProjectId(), t.getDatasetId(), t.getTableId()).execute();
        return null;
      });
    } catch (TableStoreException e) {
      if (e.kind() != TableStoreException.Kind.NOT_FOUND) {
        throw e;
      }
    }
  }

  @Override
  public void replaceDays(List<Replacement> replacements, Days days, String tenant,
      @Nullable MarkUpdate mark) throws TableStoreException {
    if (replacements.isEmpty()) {
      return;
    }
    transactions.run(
        replacements.get(0).target, ReplaceSql.script(replacements, days, mark), tenant);
  }

  @Override
  public @Nullable RefreshMark refreshMark(DatasetRef dataset, String tenant)
      throws TableStoreException {
    TableReference stats = dataset.table(BigQueryTables.STATS.name());
    List<LocalDate> open = new ArrayList<>();
    Instant endedThrough = null;
    long statsRows = 0;
    for (List<String> row : queries.rows(stats, RefreshSql.read(dataset), tenant,
        "read the refresh mark of tenant " + tenant + " in ")) {
      if (RefreshSql.OPEN_DAY.equals(row.get(0))) {
        open.add(LocalDate.parse(row.get(1)));
      } else if (RefreshSql.STATS_ROWS.equals(row.get(0))) {
        statsRows = Long.parseLong(row.get(1));
      } else if (RefreshSql.ENDED_THROUGH.equals(row.get(0))) {
        endedThrough = Instant.parse(row.get(1));
      }
    }
    return statsRows == 0 && endedThrough == null ? null : RefreshMark.of(endedThrough, open);
  }

  @Override
  public SortedMap<LocalDate, Long> rowCountsPerPartition(TableReference table, String field,
      LocalDate fromDay, LocalDate toDay, String tenant) throws TableStoreException {
    return queries.countsPerDay(
        table, ReplaceSql.rowCounts(table, field, fromDay, toDay), tenant);
  }

  @Override
  public long deleteWindows(TableReference table, TableSpec spec, Instant from,
      @Nullable Instant to, String tenant) throws TableStoreException {
    Job job = queries.run(table, StreamSql.deleteWindows(table, spec, from, to), tenant);
    Long deleted = job.getStatistics() == null || job.getStatistics().getQuery() == null
        ? null : job.getStatistics().getQuery().getNumDmlAffectedRows();
    return deleted == null ? 0 : deleted;
  }

  @Override
  public long countWindow(TableReference table, TableSpec spec, Instant from, Instant to,
      String tenant) throws TableStoreException {
    return queries.count(table, StreamSql.countWindow(table, spec, from, to), tenant);
  }

  @Override
  public long countRowsWithoutTenant(TableReference table) throws TableStoreException {
    Table t = describe(table);
    if (t == null) {
      return 0;
    }
    return queries.count(
        table, TenantSql.countWithoutTenant(table, TenantSql.hasColumn(t)), null);
  }

  @Override
  public void addTenantColumn(TableReference table) throws TableStoreException {
    queries.run(table, TenantSql.addColumn(table), null);
  }

  @Override
  public void fileUnderTenant(DatasetRef dataset, List<TableSpec> tables, String tenant)
      throws TableStoreException {
    List<TableSpec> existing = new ArrayList<>();
    for (TableSpec spec : tables) {
      if (describe(dataset.table(spec.name())) != null) {
        existing.add(spec);
      }
    }
    if (!existing.isEmpty()) {
      transactions.runOnce(dataset.table(existing.get(0).name()),
          TenantSql.fileUnderTenant(dataset, existing), tenant);
    }
  }

  @Override
  public void close() {
    // The HTTP transport holds no connections between calls.
  }
}
