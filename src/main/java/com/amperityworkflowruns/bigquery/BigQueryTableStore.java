package com.amperityworkflowruns.bigquery;

import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.client.util.Sleeper;
import com.google.api.services.bigquery.Bigquery;
import com.google.api.services.bigquery.BigqueryScopes;
import com.google.api.services.bigquery.model.Dataset;
import com.google.api.services.bigquery.model.GetQueryResultsResponse;
import com.google.api.services.bigquery.model.Job;
import com.google.api.services.bigquery.model.JobConfiguration;
import com.google.api.services.bigquery.model.JobConfigurationQuery;
import com.google.api.services.bigquery.model.JobReference;
import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.GoogleCredentials;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The real {@link TableStore}: BigQuery's REST API through the generated client that Beam's
 * BigQueryIO uses too. Every call has a connect and a read time-out and runs through {@link
 * BoundedCalls}: at most {@code maxAttempts} tries, none started once {@code retryWindow} has
 * passed; so a call returns or fails within about {@code retryWindow} plus one try, never hangs.
 * A query job is polled until it is done, for at most {@code jobTimeout}.
 */
public final class BigQueryTableStore implements TableStore {
  /** BigQuery's API endpoint. */
  static final String DEFAULT_ROOT_URL = "https://bigquery.googleapis.com/";

  private final Bigquery client;
  private final Settings settings;
  private final BoundedCalls calls;

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
    this.settings = settings;
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
  }

  @Override
  public void checkDataset(DatasetRef dataset) throws TableStoreException {
    calls.run("read dataset " + dataset,
        () -> client.datasets().get(dataset.project, dataset.dataset).execute());
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
  public void replaceDays(List<Replacement> replacements, LocalDate fromDay, LocalDate toDay)
      throws TableStoreException {
    if (replacements.isEmpty()) {
      return;
    }
    String script = ReplaceSql.script(replacements, fromDay, toDay);
    long pauseMillis = 2000;
    for (int attempt = 1; ; attempt++) {
      try {
        runQuery(replacements.get(0).target, script);
        return;
      } catch (TableStoreException e) {
        // BigQuery aborts one of two transactions that change the same table at once; the
        // aborted one changed nothing and the script is idempotent, so it is run again.
        if (attempt >= ABORTED_TRANSACTION_ATTEMPTS || !isConcurrentUpdateAbort(e)) {
          throw e;
        }
      }
      calls.pause(pauseMillis);
      pauseMillis *= 2;
    }
  }

  /** Tries of a transaction that BigQuery aborted for a concurrent update. */
  static final int ABORTED_TRANSACTION_ATTEMPTS = 3;

  private static boolean isConcurrentUpdateAbort(TableStoreException e) {
    return e.kind() == TableStoreException.Kind.FAILED
        && e.getMessage() != null
        && e.getMessage().contains("aborted due to concurrent update");
  }

  @Override
  public SortedMap<LocalDate, Long> rowCountsPerPartition(
      TableReference table, String field, LocalDate fromDay, LocalDate toDay)
      throws TableStoreException {
    Job job = runQuery(table, ReplaceSql.rowCounts(table, field, fromDay, toDay));
    JobReference ref = job.getJobReference();
    SortedMap<LocalDate, Long> counts = new TreeMap<>();
    String pageToken = null;
    do {
      String token = pageToken;
      GetQueryResultsResponse page =
          calls.run("read the row counts of " + ReplaceSql.name(table),
              () -> client.jobs().getQueryResults(ref.getProjectId(), ref.getJobId())
                  .setLocation(ref.getLocation()).setPageToken(token).execute());
      if (page.getRows() != null) {
        for (TableRow row : page.getRows()) {
          counts.put(
              LocalDate.parse(String.valueOf(row.getF().get(0).getV())),
              Long.parseLong(String.valueOf(row.getF().get(1).getV())));
        }
      }
      pageToken = page.getPageToken();
    } while (pageToken != null);
    return counts;
  }

  @Override
  public long deleteWindows(TableReference table, TableSpec spec, Instant from,
      @Nullable Instant to) throws TableStoreException {
    Job job = runQuery(table, StreamSql.deleteWindows(table, spec, from, to));
    Long deleted = job.getStatistics() == null || job.getStatistics().getQuery() == null
        ? null : job.getStatistics().getQuery().getNumDmlAffectedRows();
    return deleted == null ? 0 : deleted;
  }

  @Override
  public long countWindow(TableReference table, TableSpec spec, Instant from, Instant to)
      throws TableStoreException {
    Job job = runQuery(table, StreamSql.countWindow(table, spec, from, to));
    JobReference ref = job.getJobReference();
    GetQueryResultsResponse page =
        calls.run("read the row count of " + ReplaceSql.name(table),
            () -> client.jobs().getQueryResults(ref.getProjectId(), ref.getJobId())
                .setLocation(ref.getLocation()).execute());
    if (page.getRows() == null || page.getRows().isEmpty()) {
      return 0;
    }
    return Long.parseLong(String.valueOf(page.getRows().get(0).getF().get(0).getV()));
  }

  /** Starts a GoogleSQL query job in the dataset's location and waits until it is done. */
  private Job runQuery(TableReference inDataset, String sql) throws TableStoreException {
    String project = inDataset.getProjectId();
    Dataset dataset =
        calls.run("read dataset " + project + ":" + inDataset.getDatasetId(),
            () -> client.datasets().get(project, inDataset.getDatasetId()).execute());
    JobReference ref =
        new JobReference()
            .setProjectId(project)
            .setLocation(dataset.getLocation())
            .setJobId("amperity_runs_" + UUID.randomUUID().toString().replace('-', '_'));
    Job job =
        new Job()
            .setJobReference(ref)
            .setConfiguration(
                new JobConfiguration()
                    .setQuery(new JobConfigurationQuery().setQuery(sql).setUseLegacySql(false)));
    try {
      calls.run("start a query job", () -> client.jobs().insert(project, job).execute());
    } catch (TableStoreException e) {
      // A retried insert whose first try arrived: the job id is ours, so wait for that job.
      if (e.kind() != TableStoreException.Kind.ALREADY_EXISTS) {
        throw e;
      }
    }
    long deadline = System.nanoTime() + settings.jobTimeout.toNanos();
    long pollMillis = 1000;
    while (true) {
      Job polled =
          calls.run("poll query job " + ref.getJobId(),
              () -> client.jobs().get(project, ref.getJobId())
                  .setLocation(ref.getLocation()).execute());
      if (polled.getStatus() != null && "DONE".equals(polled.getStatus().getState())) {
        if (polled.getStatus().getErrorResult() != null) {
          throw new TableStoreException(
              TableStoreException.Kind.FAILED,
              "query job " + ref.getJobId() + " failed: "
                  + polled.getStatus().getErrorResult().getMessage());
        }
        return polled;
      }
      if (System.nanoTime() > deadline) {
        throw new TableStoreException(
            TableStoreException.Kind.FAILED,
            "query job " + ref.getJobId() + " not done after " + settings.jobTimeout
                + "; look it up in the BigQuery console");
      }
      calls.pause(pollMillis);
      pollMillis = Math.min(pollMillis * 2, 10_000);
    }
  }

  @Override
  public void close() {
    // The HTTP transport holds no connections between calls.
  }
}
