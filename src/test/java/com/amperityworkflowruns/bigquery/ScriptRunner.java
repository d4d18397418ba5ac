package com.amperityworkflowruns.bigquery;

import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableFieldSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the GoogleSQL jobs of {@link BigQueryStandIn} on one DuckDB connection of the writer's own,
 * one job at a time: a script's steps in order ({@link GoogleSqlScript}), {@code BEGIN
 * TRANSACTION}, {@code COMMIT TRANSACTION} and {@code ROLLBACK TRANSACTION} as DuckDB's own,
 * the DDL of tables, and the {@code ALTER TABLE ... ADD COLUMN} that changes the schema the table
 * resource shows.
 *
 * <p>As BigQuery documents (cloud.google.com/bigquery/docs/transactions): transactions don't
 * nest; a script that ends with its transaction open fails, the transaction rolled back; a failed
 * statement inside a transaction leaves it to be rolled back (by a handler's {@code ROLLBACK}, or
 * by BigQuery when the script fails); {@code COMMIT} or {@code ROLLBACK} with no transaction open
 * fails (cloud.google.com/bigquery/docs/reference/standard-sql/procedural-language).
 * Column added by {@code ADD COLUMN}: NULLABLE, at the end, with the description of its {@code
 * OPTIONS} (cloud.google.com/bigquery/docs/reference/standard-sql/data-definition-language
 * #alter_table_add_column_statement).
 */
final class ScriptRunner {
  /** A job's failure, with the message BigQuery would give it. */
  static final class ScriptError extends Exception {
    private static final long serialVersionUID = 1L;

    ScriptError(String message) {
      super(message);
    }
  }

  /** What a job returned: the last query's rows (values as text) and the rows DML changed. */
  record Result(List<List<String>> rows, long affected) {}

  private static final Pattern MISSING_TABLE =
      Pattern.compile("Table with name ([^ ]+) does not exist");

  private final Connection writer;
  private final Map<String, Table> tables;
  private volatile Runnable probe = () -> {};
  /** The message of the next COMMIT's abort (null: it commits). */
  private volatile String abortNextCommit;
  private boolean inTransaction;
  private String errorMessage = "";

  ScriptRunner(Connection writer, Map<String, Table> tables) {
    this.writer = writer;
    this.tables = tables;
  }

  void afterEachStatement(Runnable probe) {
    this.probe = probe;
  }

  /**
   * Aborts the next {@code COMMIT TRANSACTION} as BigQuery aborts a transaction that a concurrent
   * one got ahead of: rolled back, no transaction open any more, the statement failed with {@code
   * message}.
   */
  void abortNextCommit(String message) {
    this.abortNextCommit = message;
  }

  synchronized void createTable(String key, List<String> columns, Table resource)
      throws SQLException {
    try (Statement st = writer.createStatement()) {
      st.execute("CREATE TABLE \"" + key + "\" (" + String.join(", ", columns) + ")");
    }
    tables.put(key, resource);
  }

  synchronized void dropTable(String key) throws SQLException {
    try (Statement st = writer.createStatement()) {
      st.execute("DROP TABLE \"" + key + "\"");
    }
    tables.remove(key);
  }

  /** Runs {@code script} with the named {@code parameters}. */
  synchronized Result run(String script, Map<String, String> parameters) throws ScriptError {
    List<List<String>> rows = new ArrayList<>();
    long[] affected = {0};
    inTransaction = false;
    try {
      run(GoogleSqlScript.parse(script), parameters, rows, affected);
    } catch (IllegalArgumentException e) {
      rollback();
      throw new ScriptError(e.getMessage());
    } catch (ScriptError e) {
      rollback();
      throw e;
    }
    if (inTransaction) {
      rollback();
      throw new ScriptError("Transaction was started but not committed or rolled back by the"
          + " end of the script");
    }
    return new Result(rows, affected[0]);
  }

  private void run(List<GoogleSqlScript.Step> steps, Map<String, String> parameters,
      List<List<String>> rows, long[] affected) throws ScriptError {
    for (GoogleSqlScript.Step step : steps) {
      if (step instanceof GoogleSqlScript.Block block) {
        try {
          run(block.body(), parameters, rows, affected);
        } catch (ScriptError e) {
          if (block.handler() == null) {
            throw e;
          }
          errorMessage = e.getMessage();
          run(block.handler(), parameters, rows, affected);
        }
      } else {
        statement(((GoogleSqlScript.Statement) step).sql(), parameters, rows, affected);
        probe.run();
      }
    }
  }

  private void statement(String sql, Map<String, String> parameters, List<List<String>> rows,
      long[] affected) throws ScriptError {
    String words = sql.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    if (words.equals("BEGIN TRANSACTION") || words.equals("BEGIN")) {
      if (inTransaction) {
        throw new ScriptError("Nested transactions are not supported");
      }
      execute("BEGIN TRANSACTION");
      inTransaction = true;
    } else if (words.equals("COMMIT TRANSACTION") || words.equals("COMMIT")) {
      requireTransaction("COMMIT TRANSACTION");
      String abort = abortNextCommit;
      if (abort != null) {
        abortNextCommit = null;
        rollback();
        throw new ScriptError(abort);
      }
      execute("COMMIT");
      inTransaction = false;
    } else if (words.equals("ROLLBACK TRANSACTION") || words.equals("ROLLBACK")) {
      requireTransaction("ROLLBACK TRANSACTION");
      rollback();
    } else if (words.equals("RAISE USING MESSAGE = @@ERROR.MESSAGE")) {
      throw new ScriptError(errorMessage);
    } else if (words.startsWith("ALTER TABLE")) {
      addColumn(sql);
    } else {
      query(GoogleSqlScript.rewrite(sql), parameters, rows, affected);
    }
  }

  private void requireTransaction(String statement) throws ScriptError {
    if (!inTransaction) {
      throw new ScriptError(statement + " failed: there is no transaction in progress");
    }
  }

  private void rollback() {
    if (!inTransaction) {
      return;
    }
    try (Statement st = writer.createStatement()) {
      st.execute("ROLLBACK");
    } catch (SQLException e) {
      // no transaction was open after all: nothing to roll back
    }
    inTransaction = false;
  }

  private void execute(String sql) throws ScriptError {
    try (Statement st = writer.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw bigQueryError(e);
    }
  }

  private void query(GoogleSqlScript.Rewritten statement, Map<String, String> parameters,
      List<List<String>> rows, long[] affected) throws ScriptError {
    try (PreparedStatement ps = writer.prepareStatement(statement.sql())) {
      for (int i = 0; i < statement.parameters().size(); i++) {
        ps.setString(i + 1, parameters.get(statement.parameters().get(i)));
      }
      if (ps.execute()) {
        rows.clear();
        try (ResultSet rs = ps.getResultSet()) {
          while (rs.next()) {
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
              row.add(rs.getString(i));
            }
            rows.add(row);
          }
        }
      } else {
        affected[0] = Math.max(0, ps.getUpdateCount());
      }
    } catch (SQLException e) {
      throw bigQueryError(e);
    }
  }

  /** {@code ALTER TABLE t ADD COLUMN IF NOT EXISTS c TYPE OPTIONS (description = "...")}. */
  private void addColumn(String sql) throws ScriptError {
    Matcher m = GoogleSqlScript.ADD_COLUMN.matcher(sql.strip());
    if (!m.matches()) {
      throw new ScriptError("the stand-in runs no such ALTER TABLE: " + sql);
    }
    Table t = tables.get(m.group(1));
    if (t == null) {
      throw new ScriptError("Not found: Table " + m.group(1).replaceFirst("\\.", ":"));
    }
    boolean exists = t.getSchema().getFields().stream()
        .anyMatch(f -> f.getName().equalsIgnoreCase(m.group(2)));
    if (exists) {
      return;
    }
    execute("ALTER TABLE \"" + m.group(1) + "\" ADD COLUMN \"" + m.group(2) + "\" "
        + GoogleSqlScript.duckType(m.group(3)));
    List<TableFieldSchema> fields = new ArrayList<>(t.getSchema().getFields());
    TableFieldSchema added = new TableFieldSchema().setName(m.group(2))
        .setType(m.group(3).toUpperCase(Locale.ROOT)).setMode("NULLABLE");
    if (m.group(4) != null) {
      added.setDescription(m.group(4).replaceAll("\\\\(.)", "$1"));
    }
    fields.add(added);
    t.getSchema().setFields(fields);
  }

  /** DuckDB's error in BigQuery's words where they differ (a missing table). */
  private static ScriptError bigQueryError(SQLException e) {
    String message = String.valueOf(e.getMessage()).split("\\R", 2)[0];
    Matcher missing = MISSING_TABLE.matcher(message);
    if (missing.find()) {
      String table = missing.group(1).replace("\"", "");
      return new ScriptError("Not found: Table " + table.replaceFirst("\\.", ":")
          + " was not found in location US");
    }
    return new ScriptError("Query error: " + message);
  }
}
