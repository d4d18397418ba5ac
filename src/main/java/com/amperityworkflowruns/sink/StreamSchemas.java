package com.amperityworkflowruns.sink;

import com.amperityworkflowruns.model.TypeStats;
import com.amperityworkflowruns.model.WindowTypeStats;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The Avro schemas of the stream tables. {@code finished_runs} and {@code rejects_stream} have the
 * columns of {@code workflow_runs} and {@code rejects} ({@link AvroSchemas}); {@code
 * type_stats_hourly} has those of {@code workflow_type_stats} with {@code ended_date} (the date of
 * the window's start) in place of {@code created_date}, plus {@code window_start} and {@code
 * window_end}.
 */
final class StreamSchemas {
  static final Schema FINISHED_RUNS = AvroSchemas.RUNS;
  static final Schema REJECTS = AvroSchemas.REJECTS;
  static final Schema STATS_HOURLY = statsHourly();

  private StreamSchemas() {}

  private static Schema statsHourly() {
    List<Schema.Field> fields = new ArrayList<>();
    Schema.Field tenant = null;
    for (Schema.Field f : AvroSchemas.STATS.getFields()) {
      if (f.name().equals(AvroSchemas.TENANT)) {
        tenant = new Schema.Field(f.name(), f.schema(), f.doc(), f.defaultVal());
        continue;
      }
      String name = f.name().equals("created_date") ? "ended_date" : f.name();
      fields.add(new Schema.Field(name, f.schema(), f.doc(), f.defaultVal()));
    }
    Schema micros = LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
    fields.add(new Schema.Field("window_start", micros, null, (Object) null));
    fields.add(new Schema.Field("window_end", micros, null, (Object) null));
    fields.add(tenant); // last, as BigQuery appends a column added to an existing table
    return Schema.createRecord(
        "WindowTypeStats", null, AvroSchemas.STATS.getNamespace(), false, fields);
  }

  static GenericRecord toRecord(WindowTypeStats w) {
    return toRecord(w, null);
  }

  /** One row of {@code type_stats_hourly}, filed under tenant {@code tenant}. */
  static GenericRecord toRecord(WindowTypeStats w, String tenant) {
    TypeStats s = w.stats;
    GenericRecord batch = AvroSchemas.toRecord(s, tenant);
    GenericRecord g = new GenericData.Record(STATS_HOURLY);
    for (Schema.Field f : AvroSchemas.STATS.getFields()) {
      String name = f.name().equals("created_date") ? "ended_date" : f.name();
      g.put(name, batch.get(f.name()));
    }
    g.put("window_start", w.windowStartMicros);
    g.put("window_end", w.windowEndMicros);
    return g;
  }
}
