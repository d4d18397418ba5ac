package com.amperityworkflowruns.bigquery;

import com.google.api.services.bigquery.model.TableReference;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The GoogleSQL statements of the stream tables: delete one tenant's rows of windows from a point
 * on, and count one tenant's rows of one window (the tenant is the query parameter {@code
 * @tenant}). Each bounds the partition column too, so that BigQuery reads only the partitions
 * (days) concerned.
 */
public final class StreamSql {
  private StreamSql() {}

  /** One DELETE of the windows in {@code [from, to)} ({@code to} null: from {@code from} on). */
  static String deleteWindows(
      TableReference table, TableSpec spec, Instant from, @Nullable Instant to) {
    return "DELETE FROM " + ReplaceSql.name(table) + " WHERE " + range(spec, from, to);
  }

  /** {@code SELECT COUNT(*)} of the window {@code [from, to)}. */
  static String countWindow(TableReference table, TableSpec spec, Instant from, Instant to) {
    return "SELECT COUNT(*) AS row_count FROM " + ReplaceSql.name(table) + " WHERE "
        + range(spec, from, to);
  }

  /** The condition selecting the tenant's rows of the windows in {@code [from, to)}. */
  static String range(TableSpec spec, Instant from, @Nullable Instant to) {
    String field = windowField(spec);
    String days = spec.partitionField();
    StringBuilder sql = new StringBuilder(TenantSql.IS_TENANT).append(" AND ")
        .append(days).append(" >= DATE '").append(day(from)).append("'");
    if (to != null) {
      // to is exclusive: the last day is the day of the instant just before it
      sql.append(" AND ").append(days).append(" <= DATE '").append(day(to.minusNanos(1000)))
          .append("'");
    }
    sql.append(" AND ").append(field).append(" >= TIMESTAMP '").append(from).append("'");
    if (to != null) {
      sql.append(" AND ").append(field).append(" < TIMESTAMP '").append(to).append("'");
    }
    return sql.toString();
  }

  public static String windowField(TableSpec spec) {
    if (spec.windowField() == null) {
      throw new IllegalArgumentException(spec.name() + " is not a stream table (no window_field)");
    }
    return spec.windowField();
  }

  static LocalDate day(Instant t) {
    return t.atZone(ZoneOffset.UTC).toLocalDate();
  }
}
