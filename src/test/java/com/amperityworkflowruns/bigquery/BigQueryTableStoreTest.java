package com.amperityworkflowruns.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amperityworkflowruns.model.Days;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real table store against a loopback HTTP server standing in for BigQuery's REST API: every
 * call is bounded (attempts, time-outs), errors are classified, and a replacement is one
 * multi-statement transaction in the dataset's location. Like BigQuery, the stand-in fails a query
 * job whose SQL or parameters BigQuery documents it refuses ({@link BigQueryRules}).
 */
@Timeout(60)
class BigQueryTableStoreTest {
  private static final DatasetRef DATASET = DatasetRef.parse("my-project:runs");
  private static final int ATTEMPTS = 3;
  private static final String TENANT = "acme";
  private static final Days JAN_2_3 = Days.range(LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 4));
  /** The named STRING parameter {@code @tenant} = acme, as the job insert carries it. */
  private static final String TENANT_PARAMETER = "\"queryParameters\":[{\"name\":\"tenant\","
      + "\"parameterType\":{\"type\":\"STRING\"},\"parameterValue\":{\"value\":\"acme\"}}]";
  private static final String NAMED = "\"parameterMode\":\"NAMED\"";

  private HttpServer server;
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger requests = new AtomicInteger();
  private final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
  private final List<Long> pauses = Collections.synchronizedList(new ArrayList<>());
  /** Job id to the error of a query job BigQuery would refuse. */
  private final Map<String, String> refusedJobs = new ConcurrentHashMap<>();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Answers each request with {@code reply}. */
  private interface Reply {
    void answer(HttpExchange exchange, String path, String body) throws IOException;
  }

  private String start(Reply reply) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", ex -> {
      requests.incrementAndGet();
      java.io.InputStream in = ex.getRequestBody();
      if ("gzip".equals(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
        in = new java.util.zip.GZIPInputStream(in);
      }
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      bodies.add(body);
      String path = ex.getRequestURI().getPath();
      String refused = refusedJobs.get(path.substring(path.lastIndexOf('/') + 1));
      if (refused != null && ex.getRequestMethod().equals("GET")) {
        json(ex, 200, "{\"jobReference\":{\"projectId\":\"my-project\",\"jobId\":\"j\"},"
            + "\"status\":{\"state\":\"DONE\",\"errorResult\":{\"reason\":\"invalidQuery\","
            + "\"message\":" + JSON.writeValueAsString(refused) + "}}}");
        return;
      }
      if (path.endsWith("/jobs") && ex.getRequestMethod().equals("POST")) {
        refuseAsBigQueryWould(body);
      }
      reply.answer(ex, path, body);
    });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  /**
   * Remembers the job of an inserted query that BigQuery would refuse, so that its polls answer
   * the error as BigQuery's do.
   */
  private void refuseAsBigQueryWould(String body) throws IOException {
    JsonNode job = JSON.readTree(body);
    String problem = BigQueryStandIn.refusal(job);
    if (problem != null) {
      refusedJobs.put(job.path("jobReference").path("jobId").asText(), problem);
    }
  }

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) {
      server.stop(0);
    }
  }

  private static void json(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
    ex.close();
  }

  private static String error(int code, String reason, String message) {
    return "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"errors\":[{"
        + "\"reason\":\"" + reason + "\",\"message\":\"" + message + "\"}]}}";
  }

  private BigQueryTableStore store(String rootUrl) {
    return store(rootUrl, Duration.ofSeconds(30));
  }

  private BigQueryTableStore store(String rootUrl, Duration retryWindow) {
    return new BigQueryTableStore(
        BigQueryTableStore.Settings.unauthenticated(rootUrl, Duration.ofMillis(500),
            Duration.ofMillis(300), ATTEMPTS, retryWindow, Duration.ofSeconds(20)),
        null,
        pauses::add);
  }

  @Test
  void givenOnly503s_checkDatasetFailsUnreachableAfterTheAttemptBudget() throws IOException {
    String url = start((ex, path, body) -> json(ex, 503, error(503, "backendError", "busy")));

    assertThatThrownBy(() -> store(url).checkDataset(DATASET))
        .isInstanceOfSatisfying(TableStoreException.class, e -> {
          assertThat(e.kind()).isEqualTo(TableStoreException.Kind.UNREACHABLE);
          assertThat(e.getMessage()).contains("my-project:runs").contains("HTTP 503");
        });
    assertThat(requests.get()).isEqualTo(ATTEMPTS);
    assertThat(pauses).containsExactly(500L, 1000L);
  }

  @Test
  void givenOnly503sAndAClosedRetryWindow_checkDatasetTriesOnceAndFailsUnreachable()
      throws IOException {
    String url = start((ex, path, body) -> json(ex, 503, error(503, "backendError", "busy")));

    assertThatThrownBy(() -> store(url, Duration.ZERO).checkDataset(DATASET))
        .isInstanceOfSatisfying(TableStoreException.class,
            e -> assertThat(e.kind()).isEqualTo(TableStoreException.Kind.UNREACHABLE));
    assertThat(requests.get()).isEqualTo(1);
    assertThat(pauses).isEmpty();
  }

  @Test
  void givenAServerThatNeverAnswers_checkDatasetFailsUnreachableInsteadOfHanging()
      throws IOException {
    String url = start((ex, path, body) -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.close();
    });

    assertThatThrownBy(() -> store(url).checkDataset(DATASET))
        .isInstanceOfSatisfying(TableStoreException.class,
            e -> assertThat(e.kind()).isEqualTo(TableStoreException.Kind.UNREACHABLE));
    assertThat(requests.get()).isEqualTo(ATTEMPTS);
  }

  @Test
  void givenNothingListening_checkDatasetFailsUnreachable() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }

    assertThatThrownBy(() -> store("http://127.0.0.1:" + port + "/").checkDataset(DATASET))
        .isInstanceOfSatisfying(TableStoreException.class,
            e -> assertThat(e.kind()).isEqualTo(TableStoreException.Kind.UNREACHABLE));
  }

  @Test
  void given404_checkDatasetFailsNotFoundWithoutRetrying() throws IOException {
    String url = start((ex, path, body) -> json(ex, 404, error(404, "notFound", "Not found")));

    assertThatThrownBy(() -> store(url).checkDataset(DATASET))
        .isInstanceOfSatisfying(TableStoreException.class,
            e -> assertThat(e.kind()).isEqualTo(TableStoreException.Kind.NOT_FOUND));
    assertThat(requests.get()).isEqualTo(1);
  }

  @Test
  void given403AccessDenied_failsPermissionDeniedWithoutRetrying() throws IOException {
    String url = start((ex, path, body) -> json(ex, 403, error(403, "accessDenied", "Denied")));

    assertThatThrownBy(() -> store(url).checkDataset(DATASET))
        .isInstanceOfSatisfying(TableStoreException.class,
            e -> assertThat(e.kind()).isEqualTo(TableStoreException.Kind.PERMISSION_DENIED));
    assertThat(requests.get()).isEqualTo(1);
  }

  @Test
  void describe_ofAMissingTableIsNull() throws IOException {
    String url = start((ex, path, body) -> json(ex, 404, error(404, "notFound", "Not found")));

    assertThat(store(url).describe(DATASET.table("workflow_runs"))).isNull();
  }

  /**
   * datasets.get in EU; jobs.insert accepted; jobs.get of an inserted job DONE, with {@code
   * errorResult} if given, of any other 404.
   */
  private String bigQueryRunningJobs(String errorResult) throws IOException {
    return bigQueryRunningJobs(errorResult, Integer.MAX_VALUE);
  }

  /** The same, the first {@code failingJobs} jobs answering {@code errorResult}. */
  private String bigQueryRunningJobs(String errorResult, int failingJobs) throws IOException {
    return bigQueryFailingJobs(errorResult == null ? null
        : "{\"message\":" + JSON.writeValueAsString(errorResult) + "}", failingJobs);
  }

  /** The same, with the {@code errorResult} object as JSON (null: none). */
  private String bigQueryFailingJobs(String errorResult, int failingJobs) throws IOException {
    Map<String, String> inserted = new ConcurrentHashMap<>();
    AtomicInteger jobs = new AtomicInteger();
    return start((ex, path, body) -> {
      String id = path.substring(path.lastIndexOf('/') + 1);
      if (path.endsWith("/datasets/runs")) {
        json(ex, 200, "{\"location\":\"EU\"}");
      } else if (path.endsWith("/jobs") && ex.getRequestMethod().equals("POST")) {
        String jobId = JSON.readTree(body).path("jobReference").path("jobId").asText();
        inserted.put(jobId, errorResult == null || jobs.incrementAndGet() > failingJobs
            ? "{\"state\":\"DONE\"}"
            : "{\"state\":\"DONE\",\"errorResult\":" + errorResult + "}");
        json(ex, 200, body);
      } else if (path.contains("/jobs/") && inserted.containsKey(id)) {
        json(ex, 200, "{\"jobReference\":{\"projectId\":\"my-project\",\"jobId\":\"" + id
            + "\",\"location\":\"EU\"},\"status\":" + inserted.get(id) + "}");
      } else {
        json(ex, 404, error(404, "notFound", path));
      }
    });
  }

  /** The JSON body of the one job insert that carried a query. */
  private String theQueryInsert() {
    return bodies.stream().filter(b -> b.contains("\"query\"")).reduce((a, b) -> {
      throw new AssertionError("more than one query: " + a + " and " + b);
    }).orElseThrow();
  }

  @Test
  void replaceDays_sendsOneTransactionDeletingTheTenantsRowsOfTheRangeAndInsertingStagedRowsOfIt()
      throws IOException {
    String url = bigQueryRunningJobs(null);
    BigQueryStaging staging = BigQueryStaging.of(DATASET, "job-1");

    store(url).replaceDays(staging.replacements(), JAN_2_3, TENANT);

    String insert = theQueryInsert();
    assertThat(insert)
        .contains("\"location\":\"EU\"")
        .contains("\"useLegacySql\":false")
        .contains(NAMED, TENANT_PARAMETER)
        .doesNotContain("'acme'")
        .contains("BEGIN TRANSACTION;")
        .contains("DELETE FROM `my-project.runs.workflow_runs` WHERE tenant = @tenant AND"
            + " (created_date >= DATE '2024-01-02' AND created_date < DATE '2024-01-04');")
        .contains("INSERT INTO `my-project.runs.rejects` (run_id, reason, raw_json, created_date,"
            + " tenant)")
        .contains("FROM `my-project.runs.workflow_type_stats__staging_job_1` WHERE")
        .contains("COMMIT TRANSACTION;")
        .doesNotContain("EXCEPTION")
        .doesNotContain("ROLLBACK");
    assertThat(insert.indexOf("BEGIN TRANSACTION")).isLessThan(insert.indexOf("DELETE FROM"));
    assertThat(insert.lastIndexOf("INSERT INTO")).isLessThan(insert.indexOf("COMMIT"));
  }

  @Test
  void replaceDays_withExtraDays_replacesTheRangeOrOneOfThem_butTheRejectsOfTheRangeOnly() throws IOException {
    String url = bigQueryRunningJobs(null);
    BigQueryStaging staging = BigQueryStaging.of(DATASET, "job-1");

    store(url).replaceDays(staging.replacements(),
        JAN_2_3.plus(List.of(LocalDate.of(2023, 12, 3), LocalDate.of(2023, 12, 9))), TENANT);

    String days = "(created_date >= DATE '2024-01-02' AND created_date < DATE '2024-01-04' OR"
        + " created_date IN (DATE '2023-12-03', DATE '2023-12-09'))";
    String range = "(created_date >= DATE '2024-01-02' AND created_date < DATE '2024-01-04')";
    assertThat(theQueryInsert())
        .contains("DELETE FROM `my-project.runs.workflow_runs` WHERE tenant = @tenant AND " + days
            + ";")
        .contains("FROM `my-project.runs.workflow_type_stats__staging_job_1` WHERE " + days + ";")
        .contains("DELETE FROM `my-project.runs.rejects` WHERE tenant = @tenant AND " + range + ";")
        .contains("FROM `my-project.runs.rejects__staging_job_1` WHERE " + range + ";");
  }

  @Test
  void replaceDays_withAMark_mergesTheTenantsRowInTheSameTransaction() throws IOException {
    String url = bigQueryRunningJobs(null);
    BigQueryStaging staging = BigQueryStaging.of(DATASET, "job-1");

    store(url).replaceDays(staging.replacements(), JAN_2_3, TENANT, new TableStore.MarkUpdate(
        DATASET, java.time.Instant.parse("2024-01-01T01:00:00Z"),
        java.time.Instant.parse("2024-01-04T01:00:00Z"), "job-1"));

    String insert = theQueryInsert();
    assertThat(insert).contains(NAMED, TENANT_PARAMETER).doesNotContain("'acme'")
        .contains("MERGE `my-project.runs._refresh_marks` m USING (SELECT @tenant AS tenant) s"
            + " ON m.tenant = s.tenant")
        .contains("UPDATE SET ended_through = IF(m.ended_through = TIMESTAMP"
            + " '2024-01-01T01:00:00Z', TIMESTAMP '2024-01-04T01:00:00Z', LEAST(m.ended_through,"
            + " TIMESTAMP '2024-01-04T01:00:00Z')), job_id = 'job-1'")
        .contains("WHEN NOT MATCHED THEN INSERT (tenant, ended_through, job_id) VALUES"
            + " (s.tenant, TIMESTAMP '2024-01-04T01:00:00Z', 'job-1')");
    assertThat(insert.indexOf("MERGE")).isGreaterThan(insert.lastIndexOf("INSERT INTO"))
        .isLessThan(insert.indexOf("COMMIT"));
  }

  @Test
  void refreshMark_readsTheOpenDaysAndEndedThroughOfTheTenant_inOneQuery() throws IOException {
    String url = start((ex, path, body) -> {
      if (path.endsWith("/datasets/runs")) {
        json(ex, 200, "{\"location\":\"EU\"}");
      } else if (path.endsWith("/jobs") && ex.getRequestMethod().equals("POST")) {
        json(ex, 200, body);
      } else if (path.contains("/queries/")) {
        json(ex, 200, "{\"jobComplete\":true,\"rows\":["
            + "{\"f\":[{\"v\":\"open_day\"},{\"v\":\"2023-12-03\"}]},"
            + "{\"f\":[{\"v\":\"stats_rows\"},{\"v\":\"41\"}]},"
            + "{\"f\":[{\"v\":\"ended_through\"},{\"v\":\"2024-01-04T01:00:00.000000Z\"}]},"
            + "{\"f\":[{\"v\":\"open_day\"},{\"v\":\"2023-12-09\"}]}]}");
      } else if (path.contains("/jobs/")) {
        json(ex, 200, "{\"jobReference\":{\"projectId\":\"my-project\",\"jobId\":\"j\"},"
            + "\"status\":{\"state\":\"DONE\"}}");
      } else {
        json(ex, 404, error(404, "notFound", path));
      }
    });

    com.amperityworkflowruns.publish.RefreshMark mark = store(url).refreshMark(DATASET, TENANT);

    assertThat(mark.endedThrough()).isEqualTo(java.time.Instant.parse("2024-01-04T01:00:00Z"));
    assertThat(mark.openDays()).containsExactly(LocalDate.of(2023, 12, 3),
        LocalDate.of(2023, 12, 9));
    assertThat(theQueryInsert()).contains(NAMED, TENANT_PARAMETER)
        .contains("FROM `my-project.runs.workflow_type_stats` WHERE tenant = @tenant AND"
            + " open_runs > 0 GROUP BY created_date")
        .contains("FROM `my-project.runs._refresh_marks` WHERE tenant = @tenant");
  }

  @Test
  void replaceDays_whenBigQueryAbortsTheTransactionOnceForAConcurrentUpdate_runsItAgain()
      throws IOException {
    String url = bigQueryRunningJobs(
        "Transaction is aborted due to concurrent update against table runs.rejects", 1);
    BigQueryStaging staging = BigQueryStaging.of(DATASET, "job-1");

    store(url).replaceDays(staging.replacements(), JAN_2_3, TENANT);

    assertThat(bodies.stream().filter(b -> b.contains("BEGIN TRANSACTION"))).hasSize(2);
    assertThat(pauses).containsExactly(30_000L);
  }

  @Test
  void replaceDays_whenADmlConflictCouldNotSerializeAccess_runsItAgainAfterAPauseOfMinutes()
      throws IOException {
    // Arrange: BigQuery's other conflict message, a DML statement conflict
    String url = bigQueryRunningJobs("Could not serialize access to table my-project:runs.rejects"
        + " due to concurrent update", 2);
    BigQueryStaging staging = BigQueryStaging.of(DATASET, "job-1");

    // Act
    store(url).replaceDays(staging.replacements(), JAN_2_3, TENANT);

    // Assert: three tries, under the ids of tries 1, 2 and 3, paused 30 s and 60 s
    List<String> ids = bodies.stream().filter(b -> b.contains("BEGIN TRANSACTION"))
        .map(b -> b.replaceAll("(?s).*\"jobId\":\"([^\"]+)\".*", "$1")).toList();
    assertThat(ids).hasSize(3);
    assertThat(ids.get(0)).endsWith("_1");
    assertThat(ids.get(2)).isEqualTo(ids.get(0).replaceAll("_1$", "_3"));
    assertThat(pauses).containsExactly(30_000L, 60_000L);
  }

  @Test
  void replaceDays_whenTheJobFailsOnBigQuerysSideOnce_runsItsNextTry() throws IOException {
    String url = bigQueryFailingJobs(
        "{\"reason\":\"backendError\",\"message\":\"Backend error. Please try again.\"}", 1);
    BigQueryStaging staging = BigQueryStaging.of(DATASET, "job-1");

    store(url).replaceDays(staging.replacements(), JAN_2_3, TENANT);

    assertThat(bodies.stream().filter(b -> b.contains("BEGIN TRANSACTION"))).hasSize(2);
  }

  @Test
  void replaceDays_whenTheTransactionIsAbortedEveryTime_failsAfterMinutesOfTries()
      throws IOException {
    String url = bigQueryRunningJobs("Transaction is aborted due to concurrent update");
    BigQueryStaging staging = BigQueryStaging.of(DATASET, "job-1");

    assertThatThrownBy(() -> store(url).replaceDays(staging.replacements(), JAN_2_3, TENANT))
        .isInstanceOf(TableStoreException.class).hasMessageContaining("concurrent update")
        .hasMessageContaining("run the job again");
    assertThat(bodies.stream().filter(b -> b.contains("BEGIN TRANSACTION")))
        .hasSize(TransactionJobs.ATTEMPTS);
    assertThat(pauses.stream().mapToLong(Long::longValue).sum()).isGreaterThan(10 * 60_000L);
  }

  @Test
  void replaceDays_whenATryOfTheSameScriptIsStillRunning_waitsForItAndStartsNoOther()
      throws IOException {
    // Arrange: an earlier bundle's try 1 of this very script is running; it is done two polls on
    BigQueryStaging staging = BigQueryStaging.of(DATASET, "job-1");
    String running = TransactionJobs.jobId(TransactionJobs.digest(
        ReplaceSql.script(staging.replacements(), JAN_2_3), TENANT), 1);
    AtomicInteger polls = new AtomicInteger();
    String url = start((ex, path, body) -> {
      if (path.endsWith("/datasets/runs")) {
        json(ex, 200, "{\"location\":\"EU\"}");
      } else if (path.endsWith("/jobs/" + running)) {
        String state = polls.incrementAndGet() < 3 ? "RUNNING" : "DONE";
        json(ex, 200, "{\"jobReference\":{\"projectId\":\"my-project\",\"jobId\":\""
            + running + "\"},\"status\":{\"state\":\"" + state + "\"}}");
      } else {
        json(ex, 404, error(404, "notFound", path));
      }
    });

    // Act
    store(url).replaceDays(staging.replacements(), JAN_2_3, TENANT);

    // Assert: looked up, waited for, never inserted
    assertThat(bodies.stream().filter(b -> b.contains("BEGIN TRANSACTION"))).isEmpty();
    assertThat(polls.get()).isEqualTo(3);
  }

  /** A BigQuery answering every call 403 with {@code reason}: the call fails as a quota. */
  private void assertA403IsAQuota(String reason, String message, int requestsMade)
      throws IOException {
    String url = start((ex, path, body) -> json(ex, 403, error(403, reason, message)));

    assertThatThrownBy(() -> store(url).checkDataset(DATASET))
        .isInstanceOfSatisfying(TableStoreException.class, e -> {
          assertThat(e.kind()).isEqualTo(TableStoreException.Kind.QUOTA_EXCEEDED);
          assertThat(e.getMessage()).contains(reason).contains(message);
        });
    assertThat(requests.get()).isEqualTo(requestsMade);
  }

  @Test
  void given403QuotaExceeded_failsQuotaExceededNotPermissionDenied_withoutRetrying()
      throws IOException {
    assertA403IsAQuota("quotaExceeded",
        "Quota exceeded: Your project exceeded quota for free query bytes scanned", 1);
  }

  @Test
  void given403RateLimitExceededEveryTime_failsQuotaExceededAfterTheAttemptBudget()
      throws IOException {
    assertA403IsAQuota("rateLimitExceeded",
        "Exceeded rate limits: too many api requests per user per method", ATTEMPTS);
  }

  @Test
  void checkCanStartJobs_sendsADryRunQueryInTheDatasetsProjectAndLocation() throws IOException {
    String url = start((ex, path, body) -> {
      if (path.endsWith("/datasets/runs")) {
        json(ex, 200, "{\"location\":\"EU\"}");
      } else if (path.endsWith("/projects/my-project/jobs")) {
        json(ex, 200, body);
      } else {
        json(ex, 404, error(404, "notFound", path));
      }
    });

    store(url).checkCanStartJobs(DATASET);

    assertThat(theQueryInsert()).contains("\"dryRun\":true").contains("\"location\":\"EU\"");
  }

  @Test
  void checkCanStartJobs_whenTheProjectDeniesJobsCreate_failsPermissionDenied()
      throws IOException {
    String url = start((ex, path, body) -> {
      if (path.endsWith("/datasets/runs")) {
        json(ex, 200, "{\"location\":\"EU\"}");
      } else {
        json(ex, 403, error(403, "accessDenied", "Access Denied: Project my-project: User does"
            + " not have bigquery.jobs.create permission in project my-project."));
      }
    });

    assertThatThrownBy(() -> store(url).checkCanStartJobs(DATASET))
        .isInstanceOfSatisfying(TableStoreException.class,
            e -> assertThat(e.kind()).isEqualTo(TableStoreException.Kind.PERMISSION_DENIED));
  }

  @Test
  void replaceDays_whenTheJobFails_failsWithTheJobsMessage() throws IOException {
    String url = bigQueryRunningJobs("Query error: Table runs.rejects__staging_job_1 was not found");
    BigQueryStaging staging = BigQueryStaging.of(DATASET, "job-1");

    assertThatThrownBy(() -> store(url).replaceDays(staging.replacements(), JAN_2_3, TENANT))
        .isInstanceOfSatisfying(TableStoreException.class, e -> {
          assertThat(e.kind()).isEqualTo(TableStoreException.Kind.FAILED);
          assertThat(e.getMessage()).contains("was not found");
        });
    assertThat(bodies.stream().filter(b -> b.contains("BEGIN TRANSACTION"))).hasSize(1);
  }

  @Test
  void rowCountsPerPartition_readsEveryPageOfTheCountQuerysResult() throws IOException {
    String url = start((ex, path, body) -> {
      String page = ex.getRequestURI().getQuery() == null
          || !ex.getRequestURI().getQuery().contains("pageToken=p2")
          ? "{\"jobComplete\":true,\"pageToken\":\"p2\",\"rows\":[{\"f\":[{\"v\":\"2024-01-02\"},"
              + "{\"v\":\"7\"}]}]}"
          : "{\"jobComplete\":true,\"rows\":[{\"f\":[{\"v\":\"2024-01-03\"},{\"v\":\"5\"}]}]}";
      if (path.endsWith("/datasets/runs")) {
        json(ex, 200, "{\"location\":\"US\"}");
      } else if (path.endsWith("/jobs") && ex.getRequestMethod().equals("POST")) {
        json(ex, 200, body);
      } else if (path.contains("/queries/")) {
        json(ex, 200, page);
      } else if (path.contains("/jobs/")) {
        json(ex, 200, "{\"jobReference\":{\"projectId\":\"my-project\",\"jobId\":\"j\"},"
            + "\"status\":{\"state\":\"DONE\"}}");
      } else {
        json(ex, 404, error(404, "notFound", path));
      }
    });

    java.util.SortedMap<LocalDate, Long> counts = store(url).rowCountsPerPartition(
        DATASET.table("workflow_runs"), "created_date", LocalDate.of(2024, 1, 1),
        LocalDate.of(2024, 1, 5), TENANT);

    assertThat(counts).containsExactly(
        java.util.Map.entry(LocalDate.of(2024, 1, 2), 7L),
        java.util.Map.entry(LocalDate.of(2024, 1, 3), 5L));
    assertThat(theQueryInsert()).contains("GROUP BY day").contains(NAMED, TENANT_PARAMETER)
        .contains("WHERE tenant = @tenant AND created_date >= DATE '2024-01-01'");
  }

  @Test
  void deleteWindows_sendsOneDeleteBoundedByDaysAndWindowColumn_andReturnsTheRowsDeleted()
      throws IOException {
    String url = start((ex, path, body) -> {
      if (path.endsWith("/datasets/runs")) {
        json(ex, 200, "{\"location\":\"EU\"}");
      } else if (path.endsWith("/jobs") && ex.getRequestMethod().equals("POST")) {
        json(ex, 200, body);
      } else if (path.contains("/jobs/")) {
        json(ex, 200, "{\"jobReference\":{\"projectId\":\"my-project\",\"jobId\":\"j\"},"
            + "\"status\":{\"state\":\"DONE\"},"
            + "\"statistics\":{\"query\":{\"numDmlAffectedRows\":\"42\"}}}");
      } else {
        json(ex, 404, error(404, "notFound", path));
      }
    });

    long deleted = store(url).deleteWindows(DATASET.table("finished_runs"),
        BigQueryTables.FINISHED_RUNS, java.time.Instant.parse("2024-01-02T06:00:00Z"),
        java.time.Instant.parse("2024-01-04T00:00:00Z"), TENANT);

    assertThat(deleted).isEqualTo(42);
    assertThat(theQueryInsert()).contains(NAMED, TENANT_PARAMETER)
        .contains("DELETE FROM `my-project.runs.finished_runs` WHERE tenant = @tenant AND"
            + " ended_date >= DATE '2024-01-02' AND ended_date <= DATE '2024-01-03' AND ended_at >= TIMESTAMP"
            + " '2024-01-02T06:00:00Z' AND ended_at < TIMESTAMP '2024-01-04T00:00:00Z'");
  }

  @Test
  void deleteWindows_withoutATenant_failsAsBigQueryDoesForAnUndeclaredParameter()
      throws IOException {
    // Arrange: a BigQuery that would delete; the statement still says tenant = @tenant
    String url = bigQueryRunningJobs(null);

    // Act / Assert: no parameter is sent, so BigQuery refuses the job instead of deleting every
    // tenant's rows
    assertThatThrownBy(() -> store(url).deleteWindows(DATASET.table("finished_runs"),
            BigQueryTables.FINISHED_RUNS, java.time.Instant.parse("2024-01-02T06:00:00Z"), null,
            null))
        .isInstanceOfSatisfying(TableStoreException.class, e -> {
          assertThat(e.kind()).isEqualTo(TableStoreException.Kind.FAILED);
          assertThat(e.getMessage()).contains("Query parameter 'tenant' not found");
        });
    assertThat(theQueryInsert()).doesNotContain("queryParameters");
  }

  @Test
  void countWindow_readsTheCountOfTheWindowsRows() throws IOException {
    String url = start((ex, path, body) -> {
      if (path.endsWith("/datasets/runs")) {
        json(ex, 200, "{\"location\":\"US\"}");
      } else if (path.endsWith("/jobs") && ex.getRequestMethod().equals("POST")) {
        json(ex, 200, body);
      } else if (path.contains("/queries/")) {
        json(ex, 200, "{\"jobComplete\":true,\"rows\":[{\"f\":[{\"v\":\"17\"}]}]}");
      } else if (path.contains("/jobs/")) {
        json(ex, 200, "{\"jobReference\":{\"projectId\":\"my-project\",\"jobId\":\"j\"},"
            + "\"status\":{\"state\":\"DONE\"}}");
      } else {
        json(ex, 404, error(404, "notFound", path));
      }
    });

    long n = store(url).countWindow(DATASET.table("type_stats_hourly"),
        BigQueryTables.STATS_HOURLY, java.time.Instant.parse("2024-01-02T10:00:00Z"),
        java.time.Instant.parse("2024-01-02T11:00:00Z"), TENANT);

    assertThat(n).isEqualTo(17);
    assertThat(theQueryInsert()).contains(NAMED, TENANT_PARAMETER)
        .contains("SELECT COUNT(*) AS row_count FROM `my-project.runs.type_stats_hourly` WHERE"
            + " tenant = @tenant AND ended_date >= DATE '2024-01-02' AND ended_date <= DATE '2024-01-02' AND"
            + " window_start >= TIMESTAMP '2024-01-02T10:00:00Z' AND window_start < TIMESTAMP"
            + " '2024-01-02T11:00:00Z'");
  }
}
