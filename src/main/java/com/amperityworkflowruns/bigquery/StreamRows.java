package com.amperityworkflowruns.bigquery;

import com.amperityworkflowruns.model.Reject;
import com.amperityworkflowruns.model.TypeStats;
import com.amperityworkflowruns.model.WindowTypeStats;
import com.amperityworkflowruns.model.WorkflowRun;
import com.amperityworkflowruns.sink.AvroSchemas;
import com.google.api.services.bigquery.model.TableRow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;

/**
 * The rows of the BigQuery stream tables, built from the same Avro records as the Parquet output
 * (so every column has the same value in both formats) plus the stream's columns: {@code
 * ended_date} (UTC day of the window's start; windows never cross midnight, so for a run it is
 * also the day of its {@code ended_at}) and, for statistics and rejects, {@code window_start} and
 * {@code window_end}. Every row carries the job's tenant in {@code tenant}. TIMESTAMP values are
 * written as ISO-8601 text with microseconds, DATE values as {@code YYYY-MM-DD}.
 */
public final class StreamRows {
  private StreamRows() {}

  /** A row-building step of one tenant's rows. */
  private abstract static class TenantRowFn<T> extends DoFn<T, TableRow> {
    final String tenant;

    TenantRowFn(String tenant) {
      this.tenant = tenant;
    }
  }

  /** {@code run} filed under {@code tenant} (itself when it is already). */
  static WorkflowRun filedUnder(WorkflowRun run, String tenant) {
    return tenant.equals(run.tenant) ? run : run.withTenant(tenant);
  }

  /** {@code finished_runs}: the {@code workflow_runs} columns plus {@code ended_date}. */
  public static final class RunRowFn extends TenantRowFn<WorkflowRun> {
    public RunRowFn(String tenant) {
      super(tenant);
    }

    @ProcessElement
    public void process(@Element WorkflowRun r, BoundedWindow w, OutputReceiver<TableRow> out) {
      TableRow row = toRow(AvroSchemas.toRecord(filedUnder(r, tenant)));
      row.set("ended_date", day(start(w)));
      out.output(row);
    }
  }

  /** {@code type_stats_hourly}: the statistics columns with {@code ended_date} and the window. */
  public static final class StatsRowFn extends TenantRowFn<WindowTypeStats> {
    public StatsRowFn(String tenant) {
      super(tenant);
    }

    @ProcessElement
    public void process(@Element WindowTypeStats s, OutputReceiver<TableRow> out) {
      TypeStats stats = s.stats;
      TableRow row = toRow(AvroSchemas.toRecord(stats, tenant));
      row.remove("created_date");
      Instant start = micros(s.windowStartMicros);
      row.set("ended_date", day(start));
      row.set("window_start", timestamp(start));
      row.set("window_end", timestamp(micros(s.windowEndMicros)));
      out.output(row);
    }
  }

  /** {@code rejects_stream}: the {@code rejects} columns with {@code ended_date} and the window. */
  public static final class RejectRowFn extends TenantRowFn<Reject> {
    public RejectRowFn(String tenant) {
      super(tenant);
    }

    @ProcessElement
    public void process(@Element Reject r, BoundedWindow w, OutputReceiver<TableRow> out) {
      TableRow row = toRow(AvroSchemas.toRecord(r, tenant));
      row.set("ended_date", day(start(w)));
      row.set("window_start", timestamp(start(w)));
      row.set("window_end", timestamp(((IntervalWindow) w).end().toDate().toInstant()));
      out.output(row);
    }
  }

  /** A record's non-null fields as a row, with its date and timestamp fields as text. */
  static TableRow toRow(GenericRecord record) {
    TableRow row = new TableRow();
    for (Schema.Field f : record.getSchema().getFields()) {
      Object v = record.get(f.name());
      if (v == null) {
        continue;
      }
      LogicalType logical = logicalType(f.schema());
      if (logical != null && "timestamp-micros".equals(logical.getName())) {
        row.set(f.name(), timestamp(micros((Long) v)));
      } else if (logical != null && "date".equals(logical.getName())) {
        row.set(f.name(), LocalDate.ofEpochDay((Integer) v).toString());
      } else if (v instanceof CharSequence) {
        row.set(f.name(), v.toString());
      } else {
        row.set(f.name(), v);
      }
    }
    return row;
  }

  private static LogicalType logicalType(Schema s) {
    if (s.getType() == Schema.Type.UNION) {
      for (Schema t : s.getTypes()) {
        if (t.getType() != Schema.Type.NULL) {
          return t.getLogicalType();
        }
      }
    }
    return s.getLogicalType();
  }

  static Instant start(BoundedWindow w) {
    return ((IntervalWindow) w).start().toDate().toInstant();
  }

  static Instant micros(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }

  static String day(Instant t) {
    return t.atZone(ZoneOffset.UTC).toLocalDate().toString();
  }

  /** {@code 2024-03-01T10:15:30.123456Z}: always six fraction digits. */
  static String timestamp(Instant t) {
    return String.format("%sT%02d:%02d:%02d.%06dZ", day(t), t.atZone(ZoneOffset.UTC).getHour(),
        t.atZone(ZoneOffset.UTC).getMinute(), t.atZone(ZoneOffset.UTC).getSecond(),
        t.getNano() / 1000);
  }

  /**
   * A TIMESTAMP value read back from a row: epoch microseconds (a number or its text) or
   * ISO-8601 / BigQuery text ({@code 2024-03-01 10:15:30.123456 UTC}).
   */
  public static Instant instant(Object value) {
    String text = String.valueOf(value).trim();
    if (text.matches("-?\\d+")) {
      return micros(Long.parseLong(text));
    }
    if (text.matches("-?\\d+\\.\\d+(E\\d+)?")) {
      return micros(Math.round(Double.parseDouble(text) * 1e6));
    }
    String iso = text.replace(" UTC", "Z");
    iso = iso.contains("T") ? iso.replace(" ", "") : iso.replace(' ', 'T');
    if (!iso.endsWith("Z") && !iso.matches(".*[+-]\\d\\d:?\\d\\d$")) {
      iso = iso + "Z";
    }
    try {
      return OffsetDateTime.parse(iso).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("not a TIMESTAMP value: '" + text + "'", e);
    }
  }
}
