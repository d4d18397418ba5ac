package com.amperityworkflowruns.bigquery;

import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableFieldSchema;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What BigQuery refuses, as its documentation states it, so that the fakes refuse it too: the
 * in-memory store checks the SQL the real store would send, and the loopback REST stand-in checks
 * every query job it is sent. Each method returns the error (as BigQuery words it, roughly) or
 * null.
 *
 * <ul>
 *   <li>Query parameters (cloud.google.com/bigquery/docs/parameterized-queries): every {@code
 *       @name} must be a declared parameter of a {@code NAMED} job; a value can't be NULL; named
 *       and positional ({@code ?}) parameters don't mix; a parameter can't stand for an
 *       identifier, so the job's tenant never appears in the text.
 *   <li>Multi-statement transactions (cloud.google.com/bigquery/docs/transactions): no nesting;
 *       no DDL on permanent entities inside one ({@code CREATE}, {@code ALTER}, {@code DROP});
 *       at most 100 tables mutated.
 *   <li>Clustering (cloud.google.com/bigquery/docs/clustered-tables): at most four top-level,
 *       non-repeated columns of the types listed there.
 * </ul>
 */
final class BigQueryRules {
  static final int MAX_CLUSTERING_COLUMNS = 4;
  static final int MAX_TABLES_MUTATED_IN_A_TRANSACTION = 100;
  private static final Set<String> CLUSTERING_TYPES = Set.of("DATE", "BOOL", "BOOLEAN",
      "GEOGRAPHY", "INT64", "INTEGER", "NUMERIC", "BIGNUMERIC", "STRING", "TIMESTAMP",
      "DATETIME", "RANGE");
  private static final Pattern NAMED = Pattern.compile("(?<![@\\w])@([A-Za-z_][A-Za-z0-9_]*)");
  private static final Pattern MUTATED = Pattern.compile(
      "^(?:DELETE\\s+FROM|DELETE|INSERT\\s+INTO|INSERT|UPDATE|MERGE\\s+INTO|MERGE|TRUNCATE\\s+TABLE)"
          + "\\s+(\\S+)");
  private static final Pattern DDL = Pattern.compile(
      "^(?:CREATE|ALTER|DROP)\\s+(?!TEMP\\b|TEMPORARY\\b)");

  private BigQueryRules() {}

  /** Why BigQuery would refuse to create {@code table}, or null. */
  static @Nullable String tableProblem(Table table) {
    if (table.getClustering() == null || table.getClustering().getFields() == null) {
      return null;
    }
    List<String> fields = table.getClustering().getFields();
    if (fields.size() > MAX_CLUSTERING_COLUMNS) {
      return "Too many clustering fields: " + fields + "; at most " + MAX_CLUSTERING_COLUMNS;
    }
    Map<String, TableFieldSchema> columns = new HashMap<>();
    for (TableFieldSchema f : table.getSchema().getFields()) {
      columns.put(f.getName().toLowerCase(Locale.ROOT), f);
    }
    for (String name : fields) {
      TableFieldSchema f = columns.get(name.toLowerCase(Locale.ROOT));
      if (f == null) {
        return "The field specified for clustering cannot be found in the schema: " + name;
      }
      if ("REPEATED".equals(f.getMode())
          || !CLUSTERING_TYPES.contains(f.getType().toUpperCase(Locale.ROOT))) {
        return "Field " + name + " of type " + f.getType() + " is not supported for clustering";
      }
    }
    return null;
  }

  /**
   * Why BigQuery would refuse the GoogleSQL query job {@code sql} with {@code parameterMode}
   * (null: unset) and the named parameters {@code parameters} (name to value; a null value is a
   * NULL parameter), or null.
   */
  static @Nullable String queryProblem(String sql, @Nullable String parameterMode,
      Map<String, String> parameters) {
    String code = withoutLiterals(sql);
    Set<String> referenced = new LinkedHashSet<>();
    Matcher m = NAMED.matcher(code);
    while (m.find()) {
      referenced.add(m.group(1));
    }
    if (!parameters.isEmpty() && !"NAMED".equals(parameterMode)) {
      return "Named query parameters need parameterMode NAMED, got " + parameterMode;
    }
    if (!referenced.isEmpty() && code.contains("?")) {
      return "Query cannot mix named and positional parameters";
    }
    for (String name : referenced) {
      if (!parameters.containsKey(name)) {
        return "Query parameter '" + name + "' not found";
      }
    }
    for (Map.Entry<String, String> p : parameters.entrySet()) {
      if (p.getValue() == null) {
        return "Query parameter '" + p.getKey() + "' has a NULL value, which is not supported";
      }
      if (p.getValue().length() > 2 && sql.contains("'" + p.getValue() + "'")) {
        return "test rule: the value of parameter '" + p.getKey() + "' is in the query text";
      }
    }
    return transactionProblem(code);
  }

  private static @Nullable String transactionProblem(String code) {
    boolean inTransaction = false;
    Set<String> mutated = new LinkedHashSet<>();
    for (String raw : code.split(";")) {
      String statement = raw.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
      if (statement.startsWith("EXCEPTION WHEN ERROR THEN")) {
        // the handler runs only after an error; its ROLLBACK ends the failed transaction
        statement = statement.substring("EXCEPTION WHEN ERROR THEN".length()).strip();
      }
      if (statement.startsWith("BEGIN ") && !statement.startsWith("BEGIN TRANSACTION")) {
        statement = statement.substring("BEGIN ".length()); // a block: BEGIN ... END
      }
      if (statement.startsWith("BEGIN TRANSACTION") || statement.equals("BEGIN TRANSACTION")) {
        if (inTransaction) {
          return "Nested transactions are not supported";
        }
        inTransaction = true;
        mutated.clear();
      } else if (statement.startsWith("COMMIT") || statement.startsWith("ROLLBACK")) {
        inTransaction = false;
      } else if (inTransaction && DDL.matcher(statement).find()) {
        return "Transactions cannot use DDL statements that affect permanent entities: "
            + statement.substring(0, Math.min(60, statement.length()));
      } else if (inTransaction) {
        Matcher t = MUTATED.matcher(statement);
        if (t.find()) {
          mutated.add(t.group(1));
          if (mutated.size() > MAX_TABLES_MUTATED_IN_A_TRANSACTION) {
            return "A transaction cannot mutate more than " + MAX_TABLES_MUTATED_IN_A_TRANSACTION
                + " tables";
          }
        }
      }
    }
    return null;
  }

  /**
   * {@code sql} with string literals and comments blanked (quoted identifiers kept), so that a
   * {@code @}, {@code ?} or {@code ;} inside them counts for nothing.
   */
  static String withoutLiterals(String sql) {
    StringBuilder out = new StringBuilder(sql.length());
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        int end = i + 1;
        while (end < sql.length() && sql.charAt(end) != c) {
          end += sql.charAt(end) == '\\' ? 2 : 1;
        }
        out.append(c).append(c);
        i = end + 1;
      } else if (c == '-' && sql.startsWith("--", i) || c == '#') {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? sql.length() : end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
