package com.amperityworkflowruns.bigquery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GoogleSQL that {@link BigQueryTableStore} sends, parsed into the steps of a script and each
 * statement rewritten for DuckDB, for {@link BigQueryStandIn}. Only what the store sends is
 * supported; anything else is refused by name rather than run approximately.
 *
 * <p>Scripts (cloud.google.com/bigquery/docs/reference/standard-sql/procedural-language): statements
 * end with {@code ;}; {@code BEGIN ... EXCEPTION WHEN ERROR THEN ... END} runs the handler when a
 * statement of the block fails, and in it {@code RAISE USING MESSAGE = @@error.message} fails the
 * script with the error's message.
 *
 * <p>Rewrites, each of a GoogleSQL form DuckDB spells differently: {@code `p.d.t`} is the quoted
 * identifier {@code "p.d.t"}; a named parameter {@code @tenant} is a positional {@code ?} bound to
 * its value; a {@code TIMESTAMP} is an instant, DuckDB's {@code TIMESTAMPTZ} (the connections run
 * in UTC); {@code MERGE t} is {@code MERGE INTO t}; {@code FORMAT_TIMESTAMP(f, t, 'UTC')} with the
 * format elements the store uses is {@code strftime}; a column's {@code OPTIONS (description =
 * ...)} is kept by the stand-in in the table's schema, not by DuckDB.
 */
final class GoogleSqlScript {
  /** One step: a statement, or a block with its handler. */
  sealed interface Step permits Statement, Block {}

  /** A statement as sent (GoogleSQL). */
  record Statement(String sql) implements Step {}

  /** {@code BEGIN body EXCEPTION WHEN ERROR THEN handler END} (handler null: none). */
  record Block(List<Step> body, List<Step> handler) implements Step {}

  /** A statement rewritten for DuckDB, with the names of its parameters in order of the {@code ?}s. */
  record Rewritten(String sql, List<String> parameters) {}

  private static final Pattern BLOCK_START =
      Pattern.compile("(?is)^BEGIN(?:\\s++(?!TRANSACTION\\b)(.*))?$");
  private static final String HANDLER = "EXCEPTION WHEN ERROR THEN";
  private static final Pattern MERGE = Pattern.compile("(?i)^MERGE\\s+(?!INTO\\b)");
  private static final Pattern TIMESTAMP_LITERAL = Pattern.compile("(?i)\\bTIMESTAMP\\s+'");
  private static final Pattern FORMAT_TIMESTAMP = Pattern.compile(
      "(?i)FORMAT_TIMESTAMP\\('([^']*)',\\s*([A-Za-z_][A-Za-z0-9_.]*),\\s*'UTC'\\)");
  static final Pattern ADD_COLUMN = Pattern.compile("(?is)^ALTER\\s+TABLE\\s+`([^`]+)`\\s+ADD"
      + "\\s+COLUMN\\s+IF\\s+NOT\\s+EXISTS\\s+(\\w+)\\s+(\\w+)(?:\\s+OPTIONS\\s*\\(\\s*description"
      + "\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*\\))?$");

  private GoogleSqlScript() {}

  /** The steps of {@code script}: its statements, blocks parsed. */
  static List<Step> parse(String script) {
    List<Step> root = new ArrayList<>();
    Deque<List<Step>[]> open = new ArrayDeque<>(); // body and handler of each open block
    Deque<Boolean> inHandler = new ArrayDeque<>();
    for (String chunk : statements(script)) {
      String s = chunk.strip();
      while (!s.isEmpty()) {
        Matcher begin = BLOCK_START.matcher(s);
        if (begin.matches()) {
          @SuppressWarnings("unchecked")
          List<Step>[] block = new List[] {new ArrayList<Step>(), null};
          open.push(block);
          inHandler.push(false);
          s = begin.group(1) == null ? "" : begin.group(1).strip();
        } else if (s.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ").startsWith(HANDLER)) {
          requireOpen(open, s);
          open.peek()[1] = new ArrayList<>();
          inHandler.pop();
          inHandler.push(true);
          s = s.replaceFirst("(?is)^EXCEPTION\\s+WHEN\\s+ERROR\\s+THEN", "").strip();
        } else if (s.equalsIgnoreCase("END")) {
          requireOpen(open, s);
          List<Step>[] block = open.pop();
          inHandler.pop();
          current(root, open, inHandler).add(new Block(block[0], block[1]));
          s = "";
        } else {
          current(root, open, inHandler).add(new Statement(s));
          s = "";
        }
      }
    }
    if (!open.isEmpty()) {
      throw new IllegalArgumentException("Syntax error: BEGIN without END");
    }
    return root;
  }

  private static void requireOpen(Deque<List<Step>[]> open, String s) {
    if (open.isEmpty()) {
      throw new IllegalArgumentException("Syntax error: unexpected " + s);
    }
  }

  private static List<Step> current(List<Step> root, Deque<List<Step>[]> open,
      Deque<Boolean> inHandler) {
    if (open.isEmpty()) {
      return root;
    }
    return inHandler.peek() ? open.peek()[1] : open.peek()[0];
  }

  /** {@code script} split at the {@code ;} outside literals, quoted names and comments. */
  static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int i = 0;
    while (i < script.length()) {
      char c = script.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        int end = closing(script, i);
        current.append(script, i, end);
        i = end;
      } else if (c == ';') {
        out.add(current.toString());
        current.setLength(0);
        i++;
      } else {
        current.append(c);
        i++;
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString());
    }
    return out;
  }

  /** The index after the quote that closes the one at {@code start}. */
  private static int closing(String sql, int start) {
    char quote = sql.charAt(start);
    int i = start + 1;
    while (i < sql.length() && sql.charAt(i) != quote) {
      i += sql.charAt(i) == '\\' ? 2 : 1;
    }
    if (i >= sql.length()) {
      throw new IllegalArgumentException("Syntax error: unclosed " + quote + " in " + sql);
    }
    return i + 1;
  }

  /** {@code statement} as DuckDB runs it. */
  static Rewritten rewrite(String statement) {
    StringBuilder sql = new StringBuilder();
    List<String> parameters = new ArrayList<>();
    int i = 0;
    while (i < statement.length()) {
      char c = statement.charAt(i);
      if (c == '\'' || c == '"') {
        int end = closing(statement, i);
        sql.append(statement, i, end);
        i = end;
      } else if (c == '`') {
        int end = closing(statement, i);
        sql.append('"').append(statement, i + 1, end - 1).append('"');
        i = end;
      } else if (c == '@' && i + 1 < statement.length()
          && Character.isLetter(statement.charAt(i + 1))) {
        int end = i + 1;
        while (end < statement.length()
            && (Character.isLetterOrDigit(statement.charAt(end)) || statement.charAt(end) == '_')) {
          end++;
        }
        parameters.add(statement.substring(i + 1, end));
        sql.append('?');
        i = end;
      } else {
        sql.append(c);
        i++;
      }
    }
    String text = MERGE.matcher(sql.toString().strip()).replaceFirst("MERGE INTO ");
    text = TIMESTAMP_LITERAL.matcher(text).replaceAll("TIMESTAMPTZ '");
    Matcher format = FORMAT_TIMESTAMP.matcher(text);
    StringBuilder out = new StringBuilder();
    while (format.find()) {
      format.appendReplacement(out, Matcher.quoteReplacement("strftime(" + format.group(2)
          + " AT TIME ZONE 'UTC', '" + strftime(format.group(1)) + "')"));
    }
    format.appendTail(out);
    return new Rewritten(out.toString(), parameters);
  }

  /**
   * A FORMAT_TIMESTAMP format in strftime's elements: the same, but {@code %E6S} (seconds with six
   * fractional digits) is {@code %S.%f}.
   */
  private static String strftime(String format) {
    String out = format.replace("%E6S", "%S.%f");
    if (out.matches(".*%E.*")) {
      throw new IllegalArgumentException("the stand-in has no rewrite for the format " + format);
    }
    return out;
  }

  /** The DuckDB type of a BigQuery column or GoogleSQL type. */
  static String duckType(String bigQueryType) {
    switch (bigQueryType.toUpperCase(Locale.ROOT)) {
      case "STRING":
        return "VARCHAR";
      case "INTEGER":
      case "INT64":
        return "BIGINT";
      case "FLOAT":
      case "FLOAT64":
        return "DOUBLE";
      case "BOOLEAN":
      case "BOOL":
        return "BOOLEAN";
      case "TIMESTAMP":
        return "TIMESTAMPTZ";
      case "DATE":
        return "DATE";
      default:
        throw new IllegalArgumentException("the stand-in has no column type " + bigQueryType);
    }
  }
}
