package com.amperityworkflowruns.sink;

import com.amperityworkflowruns.model.Reject;
import com.amperityworkflowruns.model.TypeStats;
import com.amperityworkflowruns.model.WorkflowRun;
import java.time.LocalDate;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaBuilder.FieldAssembler;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The Avro schemas of the three Parquet tables and the conversions from the model records.
 *
 * <p>Timestamps are {@code long} with logical type {@code timestamp-micros} (Parquet {@code
 * TIMESTAMP(MICROS, UTC)}), dates are {@code int} with logical type {@code date}, and every
 * nullable model field is a union {@code [null, T]} with default null. The BigQuery output loads
 * the same records (Avro load files), so both formats get the same columns and values.
 */
public final class AvroSchemas {
  private static final String NAMESPACE = "com.amperityworkflowruns.sink";

  /** Columns of {@code workflow_runs}. */
  public static final Schema RUNS = runsSchema();
  /** Columns of {@code workflow_type_stats}. */
  public static final Schema STATS = statsSchema();
  /** Columns of {@code rejects}. */
  public static final Schema REJECTS = rejectsSchema();

  /**
   * The column naming the tenant a row is filed under: the job's {@code --tenant}, the unit of
   * replacement in every table (the last column of {@code workflow_type_stats} and {@code
   * rejects}; in {@code workflow_runs} the run's {@code tenant}, set to the job's tenant).
   */
  public static final String TENANT = "tenant";

  private AvroSchemas() {}

  private static Schema timestampMicros() {
    return LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
  }

  private static Schema date() {
    return LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
  }

  private static Schema nullable(Schema s) {
    return Schema.createUnion(Schema.create(Schema.Type.NULL), s);
  }

  private static Schema nullable(Schema.Type t) {
    return nullable(Schema.create(t));
  }

  private static FieldAssembler<Schema> req(FieldAssembler<Schema> f, String name, Schema s) {
    return f.name(name).type(s).noDefault();
  }

  private static FieldAssembler<Schema> opt(FieldAssembler<Schema> f, String name, Schema s) {
    return f.name(name).type(nullable(s)).withDefault(null);
  }

  private static Schema string() {
    return Schema.create(Schema.Type.STRING);
  }

  private static Schema runsSchema() {
    FieldAssembler<Schema> f = SchemaBuilder.record("WorkflowRun").namespace(NAMESPACE).fields();
    f = req(f, "run_id", string());
    f = opt(f, "tenant", string());
    f = opt(f, "name", string());
    f = opt(f, "type", string());
    f = req(f, "state", string());
    f = opt(f, "state_raw", string());
    f = req(f, "is_terminal", Schema.create(Schema.Type.BOOLEAN));
    f = req(f, "created_at", timestampMicros());
    f = opt(f, "ended_at", timestampMicros());
    f = opt(f, "duration_ms", Schema.create(Schema.Type.LONG));
    f = req(f, "created_date", date());
    for (String name :
        new String[] {
          "principal_id", "principal_name", "principal_email", "error_attribution", "error_type",
          "error_message", "error_data"
        }) {
      f = opt(f, name, string());
    }
    f = req(f, "raw_json", string());
    return f.endRecord();
  }

  private static Schema statsSchema() {
    FieldAssembler<Schema> f = SchemaBuilder.record("TypeStats").namespace(NAMESPACE).fields();
    f = req(f, "created_date", date());
    f = req(f, "type", string());
    for (String name :
        new String[] {"runs", "succeeded", "failed", "canceled", "stopped", "open_runs"}) {
      f = req(f, name, Schema.create(Schema.Type.LONG));
    }
    f = opt(f, "failure_rate", Schema.create(Schema.Type.DOUBLE));
    f = req(f, "customer_errors", Schema.create(Schema.Type.LONG));
    f = req(f, "platform_errors", Schema.create(Schema.Type.LONG));
    f = opt(f, "duration_ms_min", Schema.create(Schema.Type.LONG));
    f = opt(f, "duration_ms_mean", Schema.create(Schema.Type.DOUBLE));
    for (String p : new String[] {"p50", "p90", "p95", "p99", "max"}) {
      f = opt(f, "duration_ms_" + p, Schema.create(Schema.Type.LONG));
    }
    f = opt(f, TENANT, string()); // last: BigQuery adds a column to an existing table at the end
    return f.endRecord();
  }

  private static Schema rejectsSchema() {
    FieldAssembler<Schema> f = SchemaBuilder.record("Reject").namespace(NAMESPACE).fields();
    f = opt(f, "run_id", string());
    f = req(f, "reason", string());
    f = req(f, "raw_json", string());
    f = opt(f, "created_date", date()); // null: no parseable created_at (Reject.UNDATED)
    f = opt(f, TENANT, string());
    return f.endRecord();
  }

  /** Days since 1970-01-01 of a {@code YYYY-MM-DD} date, the Avro {@code date} encoding. */
  static int epochDay(String day, String what) {
    return Math.toIntExact(parseDay(day, what).toEpochDay());
  }

  /** The canonical {@code YYYY-MM-DD} form of a row's day, or a clear error naming the row. */
  static String day(String day, String what) {
    return parseDay(day, what).toString();
  }

  private static LocalDate parseDay(String day, String what) {
    if (day == null) {
      throw new IllegalArgumentException(what + " has no created_date; every row needs a UTC day");
    }
    try {
      if (day.length() == 10 && day.charAt(4) == '-' && day.charAt(7) == '-') {
        // the common canonical form, parsed without a formatter (called twice per row)
        return LocalDate.of(digits(day, 0, 4), digits(day, 5, 7), digits(day, 8, 10));
      }
      return LocalDate.parse(day);
    } catch (java.time.DateTimeException | NumberFormatException e) {
      throw new IllegalArgumentException(
          what + " has created_date '" + day + "', not YYYY-MM-DD", e);
    }
  }

  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new NumberFormatException(s);
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** One row of {@code workflow_runs}. */
  public static GenericRecord toRecord(WorkflowRun r) {
    GenericRecord g = new GenericData.Record(RUNS);
    g.put("run_id", r.runId);
    g.put("tenant", r.tenant);
    g.put("name", r.name);
    g.put("type", r.type);
    g.put("state", r.state);
    g.put("state_raw", r.stateRaw);
    g.put("is_terminal", r.isTerminal);
    g.put("created_at", r.createdAtMicros);
    g.put("ended_at", r.endedAtMicros);
    g.put("duration_ms", r.durationMs);
    g.put("created_date", epochDay(r.createdDate, "run " + r.runId));
    g.put("principal_id", r.principalId);
    g.put("principal_name", r.principalName);
    g.put("principal_email", r.principalEmail);
    g.put("error_attribution", r.errorAttribution);
    g.put("error_type", r.errorType);
    g.put("error_message", r.errorMessage);
    g.put("error_data", r.errorData);
    g.put("raw_json", r.rawJson);
    return g;
  }

  /**
   * Converts one day's statistics; a whole-range summary (null {@code createdDate}) is refused
   * because it has no partition.
   */
  public static GenericRecord toRecord(TypeStats s) {
    return toRecord(s, null);
  }

  /** {@link #toRecord(TypeStats)} filed under tenant {@code tenant}. */
  public static GenericRecord toRecord(TypeStats s, String tenant) {
    GenericRecord g = new GenericData.Record(STATS);
    g.put(TENANT, tenant);
    g.put("created_date", epochDay(s.createdDate, "TypeStats of type " + s.type));
    g.put("type", s.type);
    g.put("runs", s.runs);
    g.put("succeeded", s.succeeded);
    g.put("failed", s.failed);
    g.put("canceled", s.canceled);
    g.put("stopped", s.stopped);
    g.put("open_runs", s.openRuns);
    g.put("failure_rate", s.failureRate);
    g.put("customer_errors", s.customerErrors);
    g.put("platform_errors", s.platformErrors);
    g.put("duration_ms_min", s.durationMsMin);
    g.put("duration_ms_mean", s.durationMsMean);
    g.put("duration_ms_p50", s.durationMsP50);
    g.put("duration_ms_p90", s.durationMsP90);
    g.put("duration_ms_p95", s.durationMsP95);
    g.put("duration_ms_p99", s.durationMsP99);
    g.put("duration_ms_max", s.durationMsMax);
    return g;
  }

  /** One row of {@code rejects}. */
  public static GenericRecord toRecord(Reject r) {
    return toRecord(r, null);
  }

  /** {@link #toRecord(Reject)} filed under tenant {@code tenant}. */
  public static GenericRecord toRecord(Reject r, String tenant) {
    GenericRecord g = new GenericData.Record(REJECTS);
    g.put(TENANT, tenant);
    g.put("run_id", r.runId);
    g.put("reason", r.reason);
    g.put("raw_json", r.rawJson);
    g.put("created_date", Reject.UNDATED.equals(r.createdDate)
        ? null : epochDay(r.createdDate, "reject (" + r.reason + ")"));
    return g;
  }
}
