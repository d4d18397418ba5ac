package com.amperityworkflowruns.e2e;

import com.amperityworkflowruns.bigquery.BigQueryTables;
import com.amperityworkflowruns.bigquery.DatasetRef;
import com.amperityworkflowruns.bigquery.FakeBigQuery;
import com.amperityworkflowruns.bigquery.TableSpec;
import com.google.api.services.bigquery.model.TableRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the BigQuery stream tables back from Beam's fakes, one map per row, typed by the schema
 * files: INTEGER as Long, FLOAT as Double, BOOLEAN as Boolean, TIMESTAMP as epoch micros, the rest
 * as text; the same shapes as {@link StreamTables} gives for Parquet.
 */
final class StreamBigQueryTables {
  private final DatasetRef dataset;

  StreamBigQueryTables(DatasetRef dataset) {
    this.dataset = dataset;
  }

  List<Map<String, Object>> finishedRuns() {
    return rows(BigQueryTables.FINISHED_RUNS);
  }

  List<Map<String, Object>> hourlyStats() {
    return rows(BigQueryTables.STATS_HOURLY);
  }

  List<Map<String, Object>> rejects() {
    return rows(BigQueryTables.REJECTS_STREAM);
  }

  /** Every row of the table with its values typed by the column types. */
  List<Map<String, Object>> rows(TableSpec spec) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (TableRow row : FakeBigQuery.rows(dataset, spec.name())) {
      Map<String, Object> typed = new LinkedHashMap<>();
      for (TableSpec.Column c : spec.columns()) {
        typed.put(c.name, typed(c.type, row.get(c.name)));
      }
      out.add(typed);
    }
    return out;
  }

  private static Object typed(String type, Object v) {
    if (v == null) {
      return null;
    }
    String text = String.valueOf(v);
    switch (type) {
      case "INTEGER":
        return Long.parseLong(text);
      case "FLOAT":
        return Double.parseDouble(text);
      case "BOOLEAN":
        return Boolean.parseBoolean(text);
      case "TIMESTAMP":
        return FakeBigQuery.micros(v);
      default:
        return text;
    }
  }
}
