package com.amperityworkflowruns.bigquery;

import com.amperityworkflowruns.model.Days;
import com.amperityworkflowruns.model.Reject;
import com.amperityworkflowruns.model.TypeStats;
import com.amperityworkflowruns.model.WorkflowRun;
import com.amperityworkflowruns.sink.AvroSchemas;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.publish.RefreshMark;
import com.amperityworkflowruns.sink.WriteTables;
import com.google.api.services.bigquery.model.TableReference;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.gcp.bigquery.AvroWriteRequest;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.CreateDisposition;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.Method;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.WriteDisposition;
import org.apache.beam.sdk.io.gcp.bigquery.TableDestination;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Writes the three tables to BigQuery and replaces the job's tenant's rows of the job's days in
 * them atomically; other tenants' rows in the same tables are never read, counted or deleted.
 *
 * <pre>{@code
 * tables.apply("WriteBigQuery", BigQueryOutput.to(BigQueryStaging.of(dataset, jobId), backend)
 *     .forTenant(tenant).forDays(Days.range(fromDay, toDay)));
 * }</pre>
 *
 * <p>Steps: {@code LoadRunsStaging}, {@code LoadStatsStaging}, {@code LoadRejectsStaging} load
 * each table's rows into the job's staging table with {@code BigQueryIO} ({@code FILE_LOADS}, Avro
 * files of the same records as the Parquet output, {@code WRITE_APPEND}, {@code CREATE_NEVER}:
 * the launcher created the staging tables empty for this job only, so an empty table is a table
 * with no rows, not a missing one; Beam names load jobs deterministically, so a retried bundle
 * does not load twice). Every row carries the tenant ({@code tenant} column; the runs were filed
 * under it by {@code FileUnderTenant}). When every load is done, {@code PublishBigQuery} refuses a
 * publish that would shrink a day of the tenant's {@code workflow_runs} (unless {@link
 * #withAllowShrink}), then runs one transaction that replaces the tenant's rows of the days in all
 * three tables and, with {@link #withRefreshMark}, sets the tenant's refresh mark ({@link
 * TableStore#replaceDays}); after a
 * reshuffle (so a retry of the next step never repeats the publish), {@code DropStaging} deletes
 * the staging tables. Returns the names of the published tables.
 */
public final class BigQueryOutput extends PTransform<PCollectionTuple, PCollection<String>> {
  private static final long serialVersionUID = 1L;

  private final BigQueryStaging staging;
  private final BigQueryBackend backend;
  private final Days days;
  private final String tenant;
  private final boolean allowShrink;
  /** When the job started; null: it keeps no refresh mark. */
  private final @Nullable Instant jobStart;
  /** The tenant's {@code endedThrough} the job read at its start; null: none. */
  private final @Nullable Instant seenEndedThrough;

  private BigQueryOutput(BigQueryStaging staging, BigQueryBackend backend, Days days,
      String tenant, boolean allowShrink) {
    this(staging, backend, days, tenant, allowShrink, null, null);
  }

  private BigQueryOutput(BigQueryStaging staging, BigQueryBackend backend, Days days,
      String tenant, boolean allowShrink, @Nullable Instant jobStart,
      @Nullable Instant seenEndedThrough) {
    this.staging = staging;
    this.backend = backend;
    this.days = days;
    this.tenant = tenant;
    this.allowShrink = allowShrink;
    this.jobStart = jobStart;
    this.seenEndedThrough = seenEndedThrough;
  }

  /** Loads through {@code staging}'s tables using {@code backend}. */
  public static BigQueryOutput to(BigQueryStaging staging, BigQueryBackend backend) {
    if (staging == null || backend == null) {
      throw new IllegalArgumentException("staging and backend are required");
    }
    return new BigQueryOutput(staging, backend, null, null, false);
  }

  /** The days {@code [fromDay, toDay)} the job replaces; these or {@link #forDays(Days)}. */
  public BigQueryOutput forDays(LocalDate fromDay, LocalDate toDay) {
    if (fromDay == null || toDay == null || !fromDay.isBefore(toDay)) {
      throw new IllegalArgumentException("forDays needs fromDay before toDay");
    }
    return forDays(Days.range(fromDay, toDay));
  }

  /** The days the job replaces (its range and any single days outside it); required. */
  public BigQueryOutput forDays(Days days) {
    if (days == null || days.size() == 0) {
      throw new IllegalArgumentException("forDays needs at least one day, got " + days);
    }
    return new BigQueryOutput(staging, backend, days, tenant, allowShrink, jobStart,
        seenEndedThrough);
  }

  /**
   * The job's {@code --tenant}: the tenant every row is filed under and the only one whose rows
   * the job replaces and counts; required.
   */
  public BigQueryOutput forTenant(String tenant) {
    return new BigQueryOutput(staging, backend, days, OutputLayout.checkTenant(tenant),
        allowShrink, jobStart, seenEndedThrough);
  }

  /**
   * {@code --allowShrink}: publish even when a day of {@code workflow_runs} would lose runs; by
   * default the publish is refused before its transaction, as for the Parquet output.
   */
  public BigQueryOutput withAllowShrink(boolean allow) {
    return new BigQueryOutput(staging, backend, days, tenant, allow, jobStart, seenEndedThrough);
  }

  /**
   * Keep the tenant's refresh mark ({@link BigQueryTables#REFRESH_MARKS}) in the publish's
   * transaction: the job started at {@code jobStart} and read {@code markAtStart} (null: none)
   * to choose the days outside its range it refreshes. As for Parquet's {@code _refresh.json}, the
   * mark moves to the job's start less {@link RefreshMark#VISIBILITY_MARGIN} when no other
   * publish of the tenant came between.
   */
  public BigQueryOutput withRefreshMark(Instant jobStart, @Nullable RefreshMark markAtStart) {
    if (jobStart == null) {
      throw new IllegalArgumentException("withRefreshMark() needs the job's start");
    }
    return new BigQueryOutput(staging, backend, days, tenant, allowShrink, jobStart,
        markAtStart == null ? null : markAtStart.endedThrough());
  }

  @Override
  public PCollection<String> expand(PCollectionTuple input) {
    if (days == null) {
      throw new IllegalArgumentException("forDays(days) is required");
    }
    if (tenant == null) {
      throw new IllegalArgumentException("forTenant(tenant) is required");
    }
    List<PCollection<?>> loads = new ArrayList<>();
    loads.add(load(input, WriteTables.RUNS, BigQueryTables.RUNS, "LoadRunsStaging",
        new RunRecord(tenant), AvroSchemas.RUNS));
    loads.add(load(input, WriteTables.STATS, BigQueryTables.STATS, "LoadStatsStaging",
        new StatsRecord(tenant), AvroSchemas.STATS));
    loads.add(load(input, WriteTables.REJECTS, BigQueryTables.REJECTS, "LoadRejectsStaging",
        new RejectRecord(undatedDay(days).toString(), tenant), AvroSchemas.REJECTS));
    return input.getPipeline()
        .apply("PublishSignal", Create.of(staging.jobId()))
        .apply("AfterLoads", Wait.on(loads))
        .apply("PublishBigQuery",
            ParDo.of(new PublishFn(backend.tables(), staging, days, tenant, allowShrink,
                markUpdate())))
        .apply("AfterPublish", Reshuffle.viaRandomKey())
        .apply("DropStaging", ParDo.of(new DropStagingFn(backend.tables(), staging)));
  }

  private TableStore.@Nullable MarkUpdate markUpdate() {
    return jobStart == null ? null : new TableStore.MarkUpdate(staging.dataset(), seenEndedThrough,
        jobStart.minus(RefreshMark.VISIBILITY_MARGIN), staging.jobId());
  }

  /** The day an undated reject is filed under: the range's first, or the first extra day. */
  private static LocalDate undatedDay(Days days) {
    return days.rangeFrom().isBefore(days.rangeTo()) ? days.rangeFrom() : days.extra().get(0);
  }

  private <T> PCollection<TableDestination> load(
      PCollectionTuple input,
      TupleTag<T> tag,
      TableSpec spec,
      String step,
      SerializableFunction<AvroWriteRequest<T>, GenericRecord> format,
      Schema avro) {
    if (!input.has(tag)) {
      throw new IllegalArgumentException(
          "BigQueryOutput needs WriteTables.RUNS, STATS and REJECTS in its input tuple");
    }
    TableReference table = staging.stagingTable(spec);
    BigQueryIO.Write<T> write =
        BigQueryIO.<T>write()
            .to(table)
            .withSchema(spec.tableSchema())
            .withAvroFormatFunction(format)
            .withAvroSchemaFactory(new FixedAvroSchema(avro.toString()))
            .useAvroLogicalTypes()
            .withMethod(Method.FILE_LOADS)
            // Load jobs run in the dataset's project, where the job may run jobs (jobUser).
            .withLoadJobProjectId(staging.dataset().project)
            .withCreateDisposition(CreateDisposition.CREATE_NEVER)
            .withWriteDisposition(WriteDisposition.WRITE_APPEND);
    if (backend.services() != null) {
      write = write.withTestServices(backend.services());
    }
    return input.get(tag).apply(step, write).getSuccessfulTableLoads();
  }

  /** The Avro schema of the load files: the Parquet output's, parsed once per worker. */
  private static final class FixedAvroSchema
      implements SerializableFunction<com.google.api.services.bigquery.model.TableSchema, Schema> {
    private static final long serialVersionUID = 1L;
    private final String json;
    private transient Schema schema;

    FixedAvroSchema(String json) {
      this.json = json;
    }

    @Override
    public Schema apply(com.google.api.services.bigquery.model.TableSchema ignored) {
      if (schema == null) {
        schema = new Schema.Parser().parse(json);
      }
      return schema;
    }
  }

  /** A run's row, filed under the tenant (as {@code FileUnderTenant} did already). */
  private static final class RunRecord
      implements SerializableFunction<AvroWriteRequest<WorkflowRun>, GenericRecord> {
    private static final long serialVersionUID = 1L;
    private final String tenant;

    RunRecord(String tenant) {
      this.tenant = tenant;
    }

    @Override
    public GenericRecord apply(AvroWriteRequest<WorkflowRun> r) {
      return AvroSchemas.toRecord(StreamRows.filedUnder(r.getElement(), tenant));
    }
  }

  private static final class StatsRecord
      implements SerializableFunction<AvroWriteRequest<TypeStats>, GenericRecord> {
    private static final long serialVersionUID = 1L;
    private final String tenant;

    StatsRecord(String tenant) {
      this.tenant = tenant;
    }

    @Override
    public GenericRecord apply(AvroWriteRequest<TypeStats> r) {
      return AvroSchemas.toRecord(r.getElement(), tenant);
    }
  }

  /**
   * A reject's row of the tenant; an undated one (no parseable {@code created_at}) is filed under
   * the job's first day, since the BigQuery tables are replaced by day partition only (the Parquet
   * output keeps undated rejects by id instead; see the README's known limitations).
   */
  private static final class RejectRecord
      implements SerializableFunction<AvroWriteRequest<Reject>, GenericRecord> {
    private static final long serialVersionUID = 1L;
    private final String undatedDay;
    private final String tenant;

    RejectRecord(String undatedDay, String tenant) {
      this.undatedDay = undatedDay;
      this.tenant = tenant;
    }

    @Override
    public GenericRecord apply(AvroWriteRequest<Reject> r) {
      Reject reject = r.getElement();
      if (Reject.UNDATED.equals(reject.createdDate)) {
        reject = new Reject(reject.runId, reject.reason, reject.rawJson, undatedDay);
      }
      return AvroSchemas.toRecord(reject, tenant);
    }
  }
}
