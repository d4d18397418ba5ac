package com.amperityworkflowruns.bigquery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.client.json.JsonFactory;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.duckdb.DuckDBConnection;

/**
 * A loopback stand-in for the part of BigQuery's REST API (v2) that {@link BigQueryTableStore}
 * calls, its tables kept in an in-memory DuckDB: {@code datasets.get}, {@code tables.insert / get
 * / delete}, {@code jobs.insert} (a GoogleSQL query or script, run to its end at once), {@code
 * jobs.get} and {@code jobs.getQueryResults}.
 *
 * <p>As BigQuery documents: a job whose SQL or parameters BigQuery refuses fails ({@link
 * BigQueryRules}, which {@code BigQueryTableStoreTest}'s stand-ins use too, through {@link
 * #refusal}); a table BigQuery refuses to create (clustering) is refused; an existing table or job
 * id is 409 {@code duplicate}; a missing dataset, table or job is 404 {@code notFound}; a failed
 * job is {@code DONE} with its {@code errorResult}. A script runs as {@link ScriptRunner} says:
 * its transaction on a DuckDB connection of the writer's own, a statement's failure running the
 * block's handler.
 *
 * <p>A reader ({@link #readTogether}) reads on a connection of its thread, in one DuckDB read
 * transaction: a snapshot of committed rows, as a BigQuery query sees (snapshot isolation,
 * cloud.google.com/bigquery/docs/transactions). It takes no lock of the writer's. A probe ({@link
 * #afterEachStatement}) runs after every statement of every job, inside its transaction, so that
 * a test can read at each point of a write.
 *
 * <p>A dataset has a location and default expirations ({@link #createDataset(DatasetRef, String,
 * Long, Long)}); a dry-run query job is answered without running ({@code configuration.dryRun});
 * a project can deny {@code bigquery.jobs.create} ({@link #denyJobs}: 403 {@code accessDenied});
 * every request is logged ({@link #requests}), and the answer to the next job insert can be lost
 * after the job ran ({@link #loseNextJobInsertAnswer}), as on a dropped connection.
 *
 * <p>Not BigQuery: partitions, clustering and expiry are kept in the table resource but not
 * enforced; no quotas; jobs run one at a time, so a transaction is aborted for a concurrent update
 * only when a test asks for it ({@link #abortNextCommit}).
 */
final class BigQueryStandIn implements AutoCloseable {
  private static final JsonFactory GSON = GsonFactory.getDefaultInstance();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PATH = Pattern.compile("/bigquery/v2/projects/([^/]+)/(?:datasets/"
      + "([^/]+)(/tables(?:/([^/]+))?)?|jobs(?:/([^/]+))?|queries/([^/]+))");
  private static final String LOCATION = "US";

  private final HttpServer server;
  private final DuckDBConnection database;
  private final ScriptRunner writer;
  private final List<Connection> connections = Collections.synchronizedList(new ArrayList<>());
  private final ThreadLocal<Connection> readers = ThreadLocal.withInitial(this::connect);
  private final Map<String, ObjectNode> datasets = new ConcurrentHashMap<>();
  private final java.util.Set<String> noJobs = ConcurrentHashMap.newKeySet();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final java.util.concurrent.atomic.AtomicBoolean loseNextInsertAnswer =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final Map<String, Table> tables = new ConcurrentHashMap<>();
  private final Map<String, ObjectNode> jobs = new ConcurrentHashMap<>();
  private final Map<String, List<List<String>>> results = new ConcurrentHashMap<>();

  private BigQueryStandIn() throws IOException, SQLException {
    database = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
    writer = new ScriptRunner(connect(), tables);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A stand-in without datasets on a free loopback port. */
  static BigQueryStandIn start() {
    try {
      return new BigQueryStandIn();
    } catch (IOException | SQLException e) {
      throw new IllegalStateException("cannot start the BigQuery stand-in: " + e, e);
    }
  }

  /** The root URL to give the client. */
  String rootUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  void createDataset(DatasetRef dataset) {
    createDataset(dataset, LOCATION, null, null);
  }

  /** A dataset in {@code location} with default expirations (null: none). */
  void createDataset(DatasetRef dataset, String location, @Nullable Long defaultTableExpirationMs,
      @Nullable Long defaultPartitionExpirationMs) {
    ObjectNode d = JSON.createObjectNode().put("id", dataset.toString()).put("location", location);
    if (defaultTableExpirationMs != null) {
      d.put("defaultTableExpirationMs", String.valueOf(defaultTableExpirationMs));
    }
    if (defaultPartitionExpirationMs != null) {
      d.put("defaultPartitionExpirationMs", String.valueOf(defaultPartitionExpirationMs));
    }
    datasets.put(dataset.project + "." + dataset.dataset, d);
  }

  /** Answers 403 {@code accessDenied} to every job insert in {@code project}. */
  void denyJobs(String project) {
    noJobs.add(project);
  }

  /**
   * Aborts the next transaction at its {@code COMMIT}, as BigQuery does when a concurrent
   * transaction on the same table got ahead ("Transaction is aborted due to concurrent update
   * against table ...").
   */
  void abortNextCommit(TableReference table) {
    writer.abortNextCommit("Transaction is aborted due to concurrent update against table "
        + table.getProjectId() + ":" + table.getDatasetId() + "." + table.getTableId());
  }

  /** Runs the next inserted job, then closes the connection without an answer. */
  void loseNextJobInsertAnswer() {
    loseNextInsertAnswer.set(true);
  }

  /**
   * Every request so far, as {@code METHOD /path} (e.g. {@code GET .../jobs/ID}), and after a job
   * insert refused for an id that exists, {@code 409 duplicate job ID}.
   */
  List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** Runs {@code probe} after each statement of every job from now on (a no-op: none). */
  void afterEachStatement(Runnable probe) {
    writer.afterEachStatement(probe);
  }

  /** Appends rows, as a load job would; values as BigQueryIO sends them (text, numbers). */
  void insert(TableReference table, List<TableRow> rows) throws SQLException {
    Connection c = readers.get();
    for (TableRow row : rows) {
      List<String> columns = new ArrayList<>(row.keySet());
      String sql = "INSERT INTO " + name(table) + " (" + String.join(", ", columns)
          + ") VALUES (" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < columns.size(); i++) {
          ps.setObject(i + 1, row.get(columns.get(i)));
        }
        ps.executeUpdate();
      }
    }
  }

  /** Every row of {@code table}, values as text, a NULL left out (as the in-memory store). */
  List<TableRow> rows(TableReference table) throws SQLException {
    return readTogether(List.of(table)).get(0);
  }

  /** The rows of several tables read in one read transaction: one snapshot, as one query. */
  List<List<TableRow>> readTogether(List<TableReference> tables) throws SQLException {
    Connection c = readers.get();
    try (Statement st = c.createStatement()) {
      st.execute("BEGIN TRANSACTION");
      try {
        List<List<TableRow>> out = new ArrayList<>();
        for (TableReference t : tables) {
          out.add(select(st, "SELECT * FROM " + name(t)));
        }
        return out;
      } finally {
        st.execute("COMMIT");
      }
    }
  }

  private static List<TableRow> select(Statement st, String sql) throws SQLException {
    List<TableRow> rows = new ArrayList<>();
    try (ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        TableRow row = new TableRow();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          String v = rs.getString(i);
          if (v != null) {
            row.set(rs.getMetaData().getColumnLabel(i), v);
          }
        }
        rows.add(row);
      }
    }
    return rows;
  }

  static String name(TableReference t) {
    return "\"" + t.getProjectId() + "." + t.getDatasetId() + "." + t.getTableId() + "\"";
  }

  private Connection connect() {
    try {
      Connection c = database.duplicate();
      try (Statement st = c.createStatement()) {
        st.execute("SET TimeZone = 'UTC'");
      }
      connections.add(c);
      return c;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Why BigQuery would refuse the job of a {@code jobs.insert} body (its SQL and parameters, by
   * {@link BigQueryRules}), or null; null for a job that is not a query.
   */
  static @Nullable String refusal(JsonNode job) {
    JsonNode query = job.path("configuration").path("query");
    if (!query.has("query")) {
      return null;
    }
    String mode = query.path("parameterMode").isTextual()
        ? query.path("parameterMode").asText() : null;
    return BigQueryRules.queryProblem(query.path("query").asText(), mode, parameters(query));
  }

  /** The named parameters of a query configuration, name to value (null: a NULL value). */
  private static Map<String, String> parameters(JsonNode query) {
    Map<String, String> parameters = new HashMap<>();
    for (JsonNode p : query.path("queryParameters")) {
      JsonNode value = p.path("parameterValue").path("value");
      parameters.put(p.path("name").asText(), value.isTextual() ? value.asText() : null);
    }
    return parameters;
  }

  private void handle(HttpExchange ex) throws IOException {
    try {
      InputStream in = ex.getRequestBody();
      if ("gzip".equals(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
        in = new GZIPInputStream(in);
      }
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Matcher m = PATH.matcher(ex.getRequestURI().getPath());
      String method = ex.getRequestMethod();
      requests.add(method + " " + ex.getRequestURI().getPath());
      if (!m.matches()) {
        error(ex, 404, "notFound", "Not found: " + ex.getRequestURI().getPath());
      } else if (m.group(2) != null) {
        datasetCall(ex, method, m.group(1) + "." + m.group(2), m.group(3) != null, m.group(4),
            body);
      } else if (m.group(6) != null) {
        List<List<String>> rows = results.get(m.group(6));
        if (rows == null) {
          error(ex, 404, "notFound", "Not found: Job " + m.group(1) + ":" + m.group(6));
        } else {
          reply(ex, 200, queryResults(rows).toString());
        }
      } else if (m.group(5) != null) {
        ObjectNode job = jobs.get(m.group(5));
        if (job == null) {
          error(ex, 404, "notFound", "Not found: Job " + m.group(1) + ":" + m.group(5));
        } else {
          reply(ex, 200, job.toString());
        }
      } else if (method.equals("POST")) {
        insertJob(ex, (ObjectNode) JSON.readTree(body));
      } else {
        error(ex, 404, "notFound", "Not found: " + ex.getRequestURI().getPath());
      }
    } catch (RuntimeException | SQLException e) {
      error(ex, 500, "internalError", "stand-in failure: " + e);
    } finally {
      ex.close();
    }
  }

  private void datasetCall(HttpExchange ex, String method, String dataset, boolean tablesPath,
      @Nullable String table, String body) throws IOException, SQLException {
    if (!datasets.containsKey(dataset)) {
      error(ex, 404, "notFound", "Not found: Dataset " + dataset.replaceFirst("\\.", ":"));
    } else if (!tablesPath) {
      reply(ex, 200, datasets.get(dataset).toString());
    } else if (table == null && method.equals("POST")) {
      createTable(ex, dataset, GSON.fromString(body, Table.class));
    } else if (table != null && tables.containsKey(dataset + "." + table)) {
      if (method.equals("DELETE")) {
        writer.dropTable(dataset + "." + table);
        ex.sendResponseHeaders(204, -1);
      } else {
        reply(ex, 200, GSON.toString(tables.get(dataset + "." + table)));
      }
    } else {
      error(ex, 404, "notFound", "Not found: Table " + dataset.replaceFirst("\\.", ":") + "."
          + table);
    }
  }

  private void createTable(HttpExchange ex, String dataset, Table t)
      throws IOException, SQLException {
    String key = dataset + "." + t.getTableReference().getTableId();
    String problem = BigQueryRules.tableProblem(t);
    if (problem != null) {
      error(ex, 400, "invalid", problem);
      return;
    }
    synchronized (writer) {
      if (tables.containsKey(key)) {
        error(ex, 409, "duplicate", "Already Exists: Table " + key.replaceFirst("\\.", ":"));
        return;
      }
      List<String> columns = new ArrayList<>();
      for (TableFieldSchema f : t.getSchema().getFields()) {
        columns.add("\"" + f.getName() + "\" " + GoogleSqlScript.duckType(f.getType())
            + ("REQUIRED".equals(f.getMode()) ? " NOT NULL" : ""));
      }
      writer.createTable(key, columns, t.setType("TABLE"));
    }
    reply(ex, 200, GSON.toString(t));
  }

  /** Runs the query job to its end (one at a time, as the writer's transactions do). */
  private void insertJob(HttpExchange ex, ObjectNode job) throws IOException {
    String project = job.path("jobReference").path("projectId").asText();
    String id = job.path("jobReference").path("jobId").asText();
    if (noJobs.contains(project)) {
      error(ex, 403, "accessDenied", "Access Denied: Project " + project + ": User does not have"
          + " bigquery.jobs.create permission in project " + project + ".");
      return;
    }
    if (job.path("configuration").path("dryRun").asBoolean(false)) {
      String problem = refusal(job);
      if (problem != null) {
        error(ex, 400, "invalidQuery", problem);
      } else {
        job.putObject("statistics").put("totalBytesProcessed", "0");
        job.putObject("status").put("state", "DONE");
        reply(ex, 200, job.toString());
      }
      return;
    }
    synchronized (writer) {
      if (jobs.containsKey(id)) {
        requests.add("409 duplicate job " + id);
        error(ex, 409, "duplicate", "Already Exists: Job " + project + ":" + LOCATION + "." + id);
        return;
      }
      ObjectNode status = JSON.createObjectNode().put("state", "DONE");
      ObjectNode statistics = JSON.createObjectNode();
      String problem = refusal(job);
      if (problem == null) {
        JsonNode query = job.path("configuration").path("query");
        try {
          ScriptRunner.Result r = writer.run(query.path("query").asText(), parameters(query));
          results.put(id, r.rows());
          statistics.putObject("query").put("numDmlAffectedRows", String.valueOf(r.affected()));
        } catch (ScriptRunner.ScriptError e) {
          problem = e.getMessage();
        }
      }
      if (problem != null) {
        status.putObject("errorResult").put("reason", "invalidQuery").put("message", problem);
      }
      job.set("status", status);
      job.set("statistics", statistics);
      ((ObjectNode) job.path("jobReference")).put("location", LOCATION);
      jobs.put(id, job);
    }
    if (loseNextInsertAnswer.getAndSet(false)) {
      return; // the exchange closes without an answer: the client sees a dropped connection
    }
    reply(ex, 200, job.toString());
  }

  /** A {@code jobs.getQueryResults} answer: every row on one page, each value as text. */
  private static ObjectNode queryResults(List<List<String>> rows) {
    ObjectNode page = JSON.createObjectNode().put("kind", "bigquery#getQueryResultsResponse")
        .put("jobComplete", true).put("totalRows", String.valueOf(rows.size()));
    com.fasterxml.jackson.databind.node.ArrayNode out = page.putArray("rows");
    for (List<String> row : rows) {
      com.fasterxml.jackson.databind.node.ArrayNode cells = out.addObject().putArray("f");
      for (String v : row) {
        cells.addObject().put("v", v);
      }
    }
    return page;
  }

  private static void reply(HttpExchange ex, int status, String json) throws IOException {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
  }

  /** BigQuery's error body (cloud.google.com/bigquery/docs/error-messages). */
  private static void error(HttpExchange ex, int status, String reason, String message)
      throws IOException {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putObject("error").put("code", status).put("message", message);
    error.putArray("errors").addObject().put("reason", reason).put("message", message);
    reply(ex, status, body.toString());
  }

  @Override
  public void close() {
    server.stop(0);
    synchronized (connections) {
      for (Connection c : connections) {
        try {
          c.close();
        } catch (SQLException e) {
          // closing: nothing left to do with it
        }
      }
    }
    try {
      database.close();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
