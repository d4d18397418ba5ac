package com.amperityworkflowruns.bigquery;

import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A {@link TableStore} over Beam's {@link FakeDatasetService}, so that the tables it manages are the
 * ones {@code BigQueryIO} loads into under {@code FakeBigQueryServices}. It adds what the Beam fake
 * lacks: partition days. A replacement computes every target's new rows first and then swaps them
 * in while holding the fake's own lock (the class monitor every {@code FakeDatasetService} call
 * takes), so a reader through the fake sees all targets before or after, never a mix.
 */
final class InMemoryTableStore implements TableStore {
  private final FakeDatasetService tables = new FakeDatasetService();

  /** The serializable factory (the state is the Beam fake's static state). */
  static Factory factory() {
    return new FakeFactory();
  }

  private static final class FakeFactory implements Factory {
    private static final long serialVersionUID = 1L;

    @Override
    public TableStore open() {
      return new InMemoryTableStore();
    }
  }

  @Override
  public void checkDataset(DatasetRef dataset) throws TableStoreException {
    try {
      tables.getDataset(dataset.project, dataset.dataset);
    } catch (IOException e) {
      throw new TableStoreException(TableStoreException.Kind.NOT_FOUND, e.getMessage(), e);
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  @Override
  public @Nullable Table describe(TableReference table) throws TableStoreException {
    try {
      return tables.getTable(table);
    } catch (IOException e) {
      throw new TableStoreException(TableStoreException.Kind.NOT_FOUND, e.getMessage(), e);
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  @Override
  public void createTable(TableReference table, TableSpec spec, @Nullable Instant expiresAt)
      throws TableStoreException {
    synchronized (FakeDatasetService.class) {
      if (describe(table) != null) {
        throw new TableStoreException(
            TableStoreException.Kind.ALREADY_EXISTS, "table exists: " + table);
      }
      Table t = spec.toTable(table);
      if (expiresAt != null) {
        t.setExpirationTime(expiresAt.toEpochMilli());
      }
      try {
        tables.createTable(t);
      } catch (IOException e) {
        throw new TableStoreException(TableStoreException.Kind.NOT_FOUND, e.getMessage(), e);
      }
    }
  }

  @Override
  public void dropTable(TableReference table) throws TableStoreException {
    try {
      tables.deleteTable(table);
    } catch (IOException e) {
      // the dataset is gone: so is the table
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  @Override
  public void replaceDays(List<Replacement> replacements, LocalDate fromDay, LocalDate toDay)
      throws TableStoreException {
    synchronized (FakeDatasetService.class) {
      Map<TableReference, Table> metadata = new LinkedHashMap<>();
      Map<TableReference, List<TableRow>> next = new LinkedHashMap<>();
      for (Replacement r : replacements) {
        Table target = describe(r.target);
        if (target == null) {
          throw new TableStoreException(TableStoreException.Kind.NOT_FOUND, "no " + r.target);
        }
        if (describe(r.staging) == null) {
          throw new TableStoreException(TableStoreException.Kind.NOT_FOUND, "no " + r.staging);
        }
        String field = r.spec.partitionField();
        List<TableRow> rows = new ArrayList<>();
        for (TableRow row : rows(r.target)) {
          if (!inRange(day(row, field), fromDay, toDay)) {
            rows.add(row);
          }
        }
        for (TableRow row : rows(r.staging)) {
          if (inRange(day(row, field), fromDay, toDay)) {
            rows.add(row.clone());
          }
        }
        metadata.put(r.target, target);
        next.put(r.target, rows);
      }
      try {
        for (Map.Entry<TableReference, List<TableRow>> e : next.entrySet()) {
          tables.deleteTable(e.getKey());
          tables.createTable(metadata.get(e.getKey()));
          tables.insertAll(e.getKey(), e.getValue(), null);
        }
      } catch (IOException e) {
        throw new IllegalStateException("the in-memory swap cannot fail: " + e, e);
      } catch (InterruptedException e) {
        throw interrupted(e);
      }
    }
  }

  @Override
  public SortedMap<LocalDate, Long> rowCountsPerPartition(
      TableReference table, String partitionField, LocalDate fromDay, LocalDate toDay)
      throws TableStoreException {
    SortedMap<LocalDate, Long> counts = new TreeMap<>();
    for (TableRow row : rows(table)) {
      LocalDate day = day(row, partitionField);
      if (inRange(day, fromDay, toDay)) {
        counts.merge(day, 1L, Long::sum);
      }
    }
    return counts;
  }

  @Override
  public long deleteWindows(TableReference table, TableSpec spec, Instant from,
      @Nullable Instant to) throws TableStoreException {
    StreamSql.windowField(spec);
    synchronized (FakeDatasetService.class) {
      Table target = describe(table);
      if (target == null) {
        throw new TableStoreException(TableStoreException.Kind.NOT_FOUND, "no " + table);
      }
      List<TableRow> kept = new ArrayList<>();
      long deleted = 0;
      for (TableRow row : rows(table)) {
        if (inWindows(row, spec, from, to)) {
          deleted++;
        } else {
          kept.add(row);
        }
      }
      try {
        tables.deleteTable(table);
        tables.createTable(target);
        if (!kept.isEmpty()) {
          tables.insertAll(table, kept, null);
        }
      } catch (IOException e) {
        throw new IllegalStateException("the in-memory delete cannot fail: " + e, e);
      } catch (InterruptedException e) {
        throw interrupted(e);
      }
      return deleted;
    }
  }

  @Override
  public long countWindow(TableReference table, TableSpec spec, Instant from, Instant to)
      throws TableStoreException {
    StreamSql.windowField(spec);
    return rows(table).stream().filter(r -> inWindows(r, spec, from, to)).count();
  }

  private static boolean inWindows(TableRow row, TableSpec spec, Instant from,
      @Nullable Instant to) {
    Instant t = StreamRows.instant(row.get(spec.windowField()));
    return !t.isBefore(from) && (to == null || t.isBefore(to));
  }

  /**
   * A copy of every row of the table, as the Beam fake holds them (the fake returns its live list,
   * which a running write may append to).
   */
  List<TableRow> rows(TableReference table) throws TableStoreException {
    try {
      synchronized (FakeDatasetService.class) {
        return new ArrayList<>(
            tables.getAllRows(table.getProjectId(), table.getDatasetId(), table.getTableId()));
      }
    } catch (IOException e) {
      throw new TableStoreException(TableStoreException.Kind.NOT_FOUND, e.getMessage(), e);
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  /** The partition day of a row: a DATE as the Beam fake stores it, YYYY-MM-DD text. */
  static LocalDate day(TableRow row, String field) {
    return LocalDate.parse(String.valueOf(row.get(field)));
  }

  private static boolean inRange(LocalDate day, LocalDate fromDay, LocalDate toDay) {
    return !day.isBefore(fromDay) && day.isBefore(toDay);
  }

  private static TableStoreException interrupted(InterruptedException e) {
    Thread.currentThread().interrupt();
    return new TableStoreException(TableStoreException.Kind.FAILED, "interrupted", e);
  }

  @Override
  public void close() {}
}
