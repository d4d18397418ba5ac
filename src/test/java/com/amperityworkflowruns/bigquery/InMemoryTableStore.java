package com.amperityworkflowruns.bigquery;

import com.amperityworkflowruns.model.Days;
import com.amperityworkflowruns.publish.RefreshMark;
import com.google.api.services.bigquery.model.Dataset;
import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A {@link TableStore} over Beam's {@link FakeDatasetService}, so that the tables it manages are the
 * ones {@code BigQueryIO} loads into under {@code FakeBigQueryServices}. It adds what the Beam fake
 * lacks: partition days and the {@code tenant} column's scoping (a row's tenant is its {@code
 * tenant} value; a missing value is NULL). A replacement computes every target's new rows first and
 * then swaps them in while holding the fake's own lock (the class monitor every {@code
 * FakeDatasetService} call takes), as one commit of a counter ({@link #readAtOnePoint}); so does
 * the migration ({@link #fileUnderTenant}), and the {@code ALTER} of a column.
 *
 * <p>A reader that wants one point in time ({@link #readAtOnePoint}) holds no lock across its
 * reads: it reads table by table, as any caller of the Beam fake does, and keeps what it read only
 * when no commit came between (a sequence lock). So a write that commits its tables one by one is
 * seen half done, and the contract's atomicity case can fail against this store.
 *
 * <p>Each operation first checks the GoogleSQL the real store sends for it, with the same query
 * parameters, against what BigQuery documents it refuses ({@link BigQueryRules}: parameters,
 * transactions), and a created table against BigQuery's clustering limits; a refusal fails the
 * operation as a failed query job does.
 *
 * <p>As BigQuery documents, beyond the Beam fake: a dataset has a location and default table and
 * partition expirations ({@link #describeDataset}), which a created table inherits, and a
 * partition whose expiration has passed holds no rows (cloud.google.com/bigquery/docs
 * /updating-datasets#table-expiration); a replacement that would modify more than {@value
 * DatasetRules#MAX_PARTITIONS_PER_JOB} partitions of one table fails as BigQuery's job does
 * (cloud.google.com/bigquery/quotas); a project can deny the caller {@code bigquery.jobs.create}
 * ({@link #denyJobs}).
 */
public final class InMemoryTableStore implements TableStore {
  private final FakeDatasetService tables = new FakeDatasetService();
  /**
   * The fake's commits, doubled: odd while a swap is under way, even between swaps. Static, as the
   * Beam fake's tables are: every instance writes the same tables.
   */
  private static final AtomicLong COMMITS = new AtomicLong();
  /** Datasets' resources ({@code project:dataset}): location and default expirations. */
  private static final Map<String, Dataset> DATASETS = new ConcurrentHashMap<>();
  /** Projects where the caller may not start jobs. */
  private static final Set<String> NO_JOBS = ConcurrentHashMap.newKeySet();

  /**
   * Gives {@code dataset} a location and default expirations (null: none), as {@code
   * datasets.get} shows them; a dataset not described is in {@code US} without defaults.
   */
  static void describeDataset(DatasetRef dataset, String location,
      @Nullable Long defaultTableExpirationMs, @Nullable Long defaultPartitionExpirationMs) {
    DATASETS.put(dataset.toString(), new Dataset().setLocation(location)
        .setDefaultTableExpirationMs(defaultTableExpirationMs)
        .setDefaultPartitionExpirationMs(defaultPartitionExpirationMs));
  }

  /** Denies the caller {@code bigquery.jobs.create} in {@code project}. */
  static void denyJobs(String project) {
    NO_JOBS.add(project);
  }

  /** Forgets described datasets and denied projects (with the Beam fake's reset). */
  static void forgetDatasets() {
    DATASETS.clear();
    NO_JOBS.clear();
  }

  /** The resource of {@code dataset} (a copy), whether or not it exists. */
  static Dataset datasetResource(DatasetRef dataset) {
    return datasetResource(dataset.project, dataset.dataset);
  }

  /** The resource of dataset {@code project:dataset} (a copy), whether or not it exists. */
  static Dataset datasetResource(String project, String dataset) {
    Dataset d = DATASETS.get(project + ":" + dataset);
    return d == null ? new Dataset().setLocation("US") : d.clone();
  }

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
  public Dataset checkDataset(DatasetRef dataset) throws TableStoreException {
    try {
      tables.getDataset(dataset.project, dataset.dataset);
      return datasetResource(dataset);
    } catch (IOException e) {
      throw new TableStoreException(TableStoreException.Kind.NOT_FOUND, e.getMessage(), e);
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  @Override
  public void checkCanStartJobs(DatasetRef dataset) throws TableStoreException {
    if (NO_JOBS.contains(dataset.project)) {
      throw new TableStoreException(TableStoreException.Kind.PERMISSION_DENIED,
          "Access Denied: Project " + dataset.project + ": User does not have"
              + " bigquery.jobs.create permission in project " + dataset.project + ".");
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
      inheritExpiry(t, expiresAt);
      String problem = BigQueryRules.tableProblem(t);
      if (problem != null) {
        throw new TableStoreException(TableStoreException.Kind.FAILED,
            "create table " + ReplaceSql.name(table) + ": " + problem);
      }
      try {
        tables.createTable(t);
      } catch (IOException e) {
        throw new TableStoreException(TableStoreException.Kind.NOT_FOUND, e.getMessage(), e);
      }
    }
  }

  /**
   * The expirations a table created in its dataset gets: {@code expiresAt} if given; a
   * partitioned table the dataset's default partition expiration, which then takes the place of
   * its default table expiration; any other the default table expiration from now.
   */
  private static void inheritExpiry(Table t, @Nullable Instant expiresAt) {
    Dataset d = datasetResource(t.getTableReference().getProjectId(),
        t.getTableReference().getDatasetId());
    boolean partitioned = t.getTimePartitioning() != null;
    if (partitioned && d.getDefaultPartitionExpirationMs() != null) {
      t.getTimePartitioning().setExpirationMs(d.getDefaultPartitionExpirationMs());
    } else if (expiresAt == null && d.getDefaultTableExpirationMs() != null) {
      t.setExpirationTime(System.currentTimeMillis() + d.getDefaultTableExpirationMs());
    }
    if (expiresAt != null) {
      t.setExpirationTime(expiresAt.toEpochMilli());
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
  public void replaceDays(List<Replacement> replacements, Days days, String tenant,
      @Nullable MarkUpdate mark) throws TableStoreException {
    if (replacements.isEmpty()) {
      return;
    }
    asBigQueryWould(ReplaceSql.script(replacements, days, mark), tenant);
    synchronized (FakeDatasetService.class) {
      Map<TableReference, List<TableRow>> next = new LinkedHashMap<>();
      for (Replacement r : replacements) {
        if (describe(r.target) == null) {
          throw new TableStoreException(TableStoreException.Kind.NOT_FOUND, "no " + r.target);
        }
        if (describe(r.staging) == null) {
          throw new TableStoreException(TableStoreException.Kind.NOT_FOUND, "no " + r.staging);
        }
        Days replaced = ReplaceSql.replacedDays(r.spec, days);
        if (replaced == null) {
          continue;
        }
        String field = r.spec.partitionField();
        List<TableRow> rows = new ArrayList<>();
        for (TableRow row : rows(r.target)) {
          if (!(ofTenant(row, tenant) && replaced.contains(day(row, field)))) {
            rows.add(row);
          }
        }
        Set<LocalDate> modified = new TreeSet<>();
        for (TableRow row : rows(r.target)) {
          if (ofTenant(row, tenant) && replaced.contains(day(row, field))) {
            modified.add(day(row, field));
          }
        }
        for (TableRow row : rows(r.staging)) {
          if (replaced.contains(day(row, field))) {
            rows.add(row.clone());
            modified.add(day(row, field));
          }
        }
        if (modified.size() > DatasetRules.MAX_PARTITIONS_PER_JOB) {
          throw new TableStoreException(TableStoreException.Kind.FAILED, "query job failed:"
              + " Too many partitions produced by query, allowed "
              + DatasetRules.MAX_PARTITIONS_PER_JOB + ", query produces at least "
              + modified.size() + " partitions (" + ReplaceSql.name(r.target) + ")");
        }
        next.put(r.target, rows);
      }
      if (mark != null) {
        next.put(mark.table(), markedRows(mark, tenant));
      }
      swap(next);
    }
  }

  /** The rows of the marks table after the MERGE of {@code mark} (the caller holds the lock). */
  private List<TableRow> markedRows(MarkUpdate mark, String tenant) throws TableStoreException {
    if (describe(mark.table()) == null) {
      throw new TableStoreException(TableStoreException.Kind.FAILED,
          "Not found: Table " + ReplaceSql.name(mark.table()));
    }
    List<TableRow> rows = new ArrayList<>();
    Instant current = null;
    for (TableRow row : rows(mark.table())) {
      if (ofTenant(row, tenant)) {
        current = StreamRows.instant(row.get("ended_through"));
      } else {
        rows.add(row);
      }
    }
    rows.add(new TableRow().set(TenantSql.COLUMN, tenant)
        .set("ended_through", mark.next(current).toString()).set("job_id", mark.jobId));
    return rows;
  }

  @Override
  public @Nullable RefreshMark refreshMark(DatasetRef dataset, String tenant)
      throws TableStoreException {
    asBigQueryWould(RefreshSql.read(dataset), tenant);
    TableReference stats = dataset.table(BigQueryTables.STATS.name());
    TableReference marks = dataset.table(BigQueryTables.REFRESH_MARKS.name());
    if (describe(stats) == null || describe(marks) == null) {
      throw new TableStoreException(TableStoreException.Kind.FAILED,
          "Not found: Table " + ReplaceSql.name(describe(stats) == null ? stats : marks));
    }
    Set<LocalDate> open = new TreeSet<>();
    long statsRows = 0;
    for (TableRow row : rows(stats)) {
      if (ofTenant(row, tenant)) {
        statsRows++;
        if (Long.parseLong(String.valueOf(row.get("open_runs"))) > 0) {
          open.add(day(row, "created_date"));
        }
      }
    }
    Instant endedThrough = null;
    for (TableRow row : rows(marks)) {
      if (ofTenant(row, tenant)) {
        endedThrough = StreamRows.instant(row.get("ended_through"));
      }
    }
    return statsRows == 0 && endedThrough == null ? null : RefreshMark.of(endedThrough, open);
  }

  /**
   * Replaces each table's rows by the given ones in one commit (the caller holds the fake's lock,
   * which keeps writers apart).
   */
  private void swap(Map<TableReference, List<TableRow>> next) throws TableStoreException {
    COMMITS.incrementAndGet();
    try {
      for (Map.Entry<TableReference, List<TableRow>> e : next.entrySet()) {
        Table metadata = describe(e.getKey());
        tables.deleteTable(e.getKey());
        tables.createTable(metadata);
        if (!e.getValue().isEmpty()) {
          tables.insertAll(e.getKey(), e.getValue(), null);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("the in-memory swap cannot fail: " + e, e);
    } catch (InterruptedException e) {
      throw interrupted(e);
    } finally {
      COMMITS.incrementAndGet();
    }
  }

  /**
   * The rows of {@code tables} at one point between commits, as one query reads them: read table
   * by table without holding the fake's lock across the reads, and read again while a commit
   * came between (spinning, never sleeping; a writer's swap is short).
   */
  static List<List<TableRow>> readAtOnePoint(List<TableReference> tables)
      throws TableStoreException {
    InMemoryTableStore store = new InMemoryTableStore();
    while (true) {
      long before = COMMITS.get();
      if (before % 2 == 0) {
        List<List<TableRow>> out = new ArrayList<>();
        try {
          for (TableReference t : tables) {
            out.add(store.rows(t));
          }
        } catch (TableStoreException e) {
          if (COMMITS.get() == before) {
            throw e;
          }
        }
        if (COMMITS.get() == before) {
          return out;
        }
      }
      Thread.onSpinWait();
    }
  }

  @Override
  public SortedMap<LocalDate, Long> rowCountsPerPartition(TableReference table,
      String partitionField, LocalDate fromDay, LocalDate toDay, String tenant)
      throws TableStoreException {
    asBigQueryWould(ReplaceSql.rowCounts(table, partitionField, fromDay, toDay), tenant);
    SortedMap<LocalDate, Long> counts = new TreeMap<>();
    for (TableRow row : rows(table)) {
      LocalDate day = day(row, partitionField);
      if (ofTenant(row, tenant) && inRange(day, fromDay, toDay)) {
        counts.merge(day, 1L, Long::sum);
      }
    }
    return counts;
  }

  @Override
  public long deleteWindows(TableReference table, TableSpec spec, Instant from,
      @Nullable Instant to, String tenant) throws TableStoreException {
    asBigQueryWould(StreamSql.deleteWindows(table, spec, from, to), tenant);
    synchronized (FakeDatasetService.class) {
      if (describe(table) == null) {
        throw new TableStoreException(TableStoreException.Kind.NOT_FOUND, "no " + table);
      }
      List<TableRow> kept = new ArrayList<>();
      long deleted = 0;
      for (TableRow row : rows(table)) {
        if (ofTenant(row, tenant) && inWindows(row, spec, from, to)) {
          deleted++;
        } else {
          kept.add(row);
        }
      }
      swap(Map.of(table, kept));
      return deleted;
    }
  }

  @Override
  public long countWindow(TableReference table, TableSpec spec, Instant from, Instant to,
      String tenant) throws TableStoreException {
    asBigQueryWould(StreamSql.countWindow(table, spec, from, to), tenant);
    return rows(table).stream()
        .filter(r -> ofTenant(r, tenant) && inWindows(r, spec, from, to)).count();
  }

  @Override
  public long countRowsWithoutTenant(TableReference table) throws TableStoreException {
    Table t = describe(table);
    if (t == null) {
      return 0;
    }
    asBigQueryWould(TenantSql.countWithoutTenant(table, TenantSql.hasColumn(t)), null);
    return rows(table).stream().filter(r -> r.get(TenantSql.COLUMN) == null).count();
  }

  @Override
  public void addTenantColumn(TableReference table) throws TableStoreException {
    asBigQueryWould(TenantSql.addColumn(table), null);
    synchronized (FakeDatasetService.class) {
      Table t = describe(table);
      if (t == null) {
        throw new TableStoreException(TableStoreException.Kind.NOT_FOUND, "no " + table);
      }
      if (TenantSql.hasColumn(t)) {
        return;
      }
      List<TableFieldSchema> fields = new ArrayList<>(t.getSchema().getFields());
      fields.add(new TableFieldSchema().setName(TenantSql.COLUMN).setType("STRING")
          .setMode("NULLABLE"));
      try {
        tables.updateTableSchema(table, t.getSchema().clone().setFields(fields));
      } catch (IOException e) {
        throw new TableStoreException(TableStoreException.Kind.FAILED, e.getMessage(), e);
      }
    }
  }

  @Override
  public void fileUnderTenant(DatasetRef dataset, List<TableSpec> specs, String tenant)
      throws TableStoreException {
    synchronized (FakeDatasetService.class) {
      List<TableSpec> existing = new ArrayList<>();
      for (TableSpec spec : specs) {
        if (describe(dataset.table(spec.name())) != null) {
          addTenantColumn(dataset.table(spec.name()));
          existing.add(spec);
        }
      }
      if (existing.isEmpty()) {
        return;
      }
      asBigQueryWould(TenantSql.fileUnderTenant(dataset, existing), tenant);
      Set<LocalDate> untenantedDays = new TreeSet<>();
      for (TableSpec other : existing.subList(1, existing.size())) {
        for (TableRow row : rows(dataset.table(other.name()))) {
          if (row.get(TenantSql.COLUMN) == null) {
            untenantedDays.add(day(row, other.partitionField()));
          }
        }
      }
      Map<TableReference, List<TableRow>> next = new LinkedHashMap<>();
      for (TableSpec spec : existing) {
        boolean runs = spec == existing.get(0);
        List<TableRow> rows = new ArrayList<>();
        for (TableRow row : rows(dataset.table(spec.name()))) {
          TableRow copy = row.clone();
          if (row.get(TenantSql.COLUMN) == null
              || runs && untenantedDays.contains(day(row, spec.partitionField()))) {
            copy.set(TenantSql.COLUMN, tenant);
          }
          rows.add(copy);
        }
        next.put(dataset.table(spec.name()), rows);
      }
      swap(next);
    }
  }

  /**
   * Fails as the real store's query job would if BigQuery refuses {@code sql} sent with {@code
   * tenant} as the parameter {@code @tenant} (null: no parameter, as {@link QueryJobs} sends it).
   */
  private static void asBigQueryWould(String sql, @Nullable String tenant)
      throws TableStoreException {
    Map<String, String> parameters = new HashMap<>();
    if (tenant != null) {
      parameters.put(TenantSql.PARAMETER, tenant);
    }
    String problem =
        BigQueryRules.queryProblem(sql, tenant == null ? null : "NAMED", parameters);
    if (problem != null) {
      throw new TableStoreException(TableStoreException.Kind.FAILED,
          "query job failed: " + problem + " in: " + sql);
    }
  }

  private static boolean ofTenant(TableRow row, String tenant) {
    return Objects.equals(row.get(TenantSql.COLUMN), Objects.requireNonNull(tenant, "tenant"));
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
        List<TableRow> all = new ArrayList<>(
            tables.getAllRows(table.getProjectId(), table.getDatasetId(), table.getTableId()));
        Table t = tables.getTable(table);
        if (t != null && t.getTimePartitioning() != null
            && t.getTimePartitioning().getExpirationMs() != null) {
          all.removeIf(r -> expired(r, t));
        }
        return all;
      }
    } catch (IOException e) {
      throw new TableStoreException(TableStoreException.Kind.NOT_FOUND, e.getMessage(), e);
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  /** Whether the partition of {@code row} expired: its day's start plus the expiration is past. */
  private static boolean expired(TableRow row, Table t) {
    Object day = row.get(t.getTimePartitioning().getField());
    if (day == null) {
      return false;
    }
    long start = LocalDate.parse(String.valueOf(day).substring(0, 10))
        .atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
    return start + t.getTimePartitioning().getExpirationMs() < System.currentTimeMillis();
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
