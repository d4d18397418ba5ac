package com.amperityworkflowruns.sink;




import com.amperityworkflowruns.model.Reject;
import com.amperityworkflowruns.model.TypeStats;
import com.amperityworkflowruns.model.WorkflowRun;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.publish.TableFile;
import java.util.EnumSet;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Contextful;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Writes the three tables as Parquet files into job {@code jobId}'s staging folder and returns the
 * names of the files written; nothing becomes visible until {@link PublishOutput} runs.
 *
 * <pre>{@code
 * PCollectionTuple tables = PCollectionTuple.of(WriteTables.RUNS, runs)
 *     .and(WriteTables.STATS, stats)
 *     .and(WriteTables.REJECTS, rejects);
 * PCollection<String> staged =
 *     tables.apply("WriteTables", WriteTables.to(layout, jobId).withCodec(ZSTD));
 * staged.apply("PublishOutput", PublishOutput.to(layout, jobId).forDays(fromDay, toDay));
 * }</pre>
 *
 * <p>Staged names: {@code _staging/{jobId}/workflow_runs/created_date=D/part-{jobId}-SSSSS-of-NNNNN
 * .parquet} (as many shards as the runner chooses), {@code _staging/{jobId}/workflow_type_stats/D
 * .parquet} and {@code _staging/{jobId}/rejects/D.parquet} (one file per day; a reject without a
 * parseable {@code created_at} goes to {@code rejects/undated-{key}.parquet}, key from its id). A day without rows
 * gets no file. Steps: {@code WriteRunsParquet}, {@code WriteStatsParquet}, {@code
 * WriteRejectsParquet}, {@code StagedFileNames}. A tag missing from the input tuple writes
 * nothing for that table. Rows whose {@code createdDate} is null or not {@code YYYY-MM-DD} fail the
 * bundle: whole-range {@link TypeStats} summaries belong to the console, not to this table.
 */
public final class WriteTables extends PTransform<PCollectionTuple, PCollection<String>> {
  private static final long serialVersionUID = 1L;

  /** The normalized runs, written to {@code workflow_runs}. */
  public static final TupleTag<WorkflowRun> RUNS = new TupleTag<>("runs");
  /** The per-day statistics, written to {@code workflow_type_stats}. */
  public static final TupleTag<TypeStats> STATS = new TupleTag<>("stats");
  /** The rejected records, written to {@code rejects}. */
  public static final TupleTag<Reject> REJECTS = new TupleTag<>("rejects");

  /** Codecs the Parquet writer here can produce (others need native libraries not shipped). */
  public static final Set<CompressionCodecName> SUPPORTED_CODECS =
      EnumSet.of(
          CompressionCodecName.SNAPPY,
          CompressionCodecName.ZSTD,
          CompressionCodecName.GZIP,
          CompressionCodecName.UNCOMPRESSED);

  private final OutputLayout layout;
  private final String jobId;
  private final CompressionCodecName codec;

  private WriteTables(OutputLayout layout, String jobId, CompressionCodecName codec) {
    this.layout = layout;
    this.jobId = jobId;
    this.codec = codec;
  }

  /** Writes into {@code layout.stagingDir(jobId)} with Snappy compression. */
  public static WriteTables to(OutputLayout layout, String jobId) {
    if (layout == null) {
      throw new IllegalArgumentException("layout is required: OutputLayout.of(output)");
    }
    return new WriteTables(layout, OutputLayout.checkJobId(jobId), CompressionCodecName.SNAPPY);
  }

  /** The Parquet compression codec; default {@code SNAPPY}, see {@link #SUPPORTED_CODECS}. */
  public WriteTables withCodec(CompressionCodecName codec) {
    if (codec == null || !SUPPORTED_CODECS.contains(codec)) {
      throw new IllegalArgumentException(
          "codec " + codec + " is not supported; use one of " + SUPPORTED_CODECS);
    }
    return new WriteTables(layout, jobId, codec);
  }

  /** The codec this transform writes with. */
  public CompressionCodecName codec() {
    return codec;
  }

  @Override
  public PCollection<String> expand(PCollectionTuple input) {
    if (!input.has(RUNS) && !input.has(STATS) && !input.has(REJECTS)) {
      throw new IllegalArgumentException(
          "WriteTables needs at least one of WriteTables.RUNS, STATS, REJECTS in its input tuple");
    }
    OutputLayout staged = layout.staging(jobId);
    boolean hive = layout.tenant() != null;
    // FileIO keeps its temporary files in {tempDir}/.temp-beam/ and leaves that folder behind;
    // inside the staging folder it goes away with it.
    String tempDir = layout.stagingDir(jobId);
    PCollectionList<String> names = PCollectionList.empty(input.getPipeline());
    if (input.has(RUNS)) {
      String prefix = "part-" + jobId;
      names = names.and(
          input.get(RUNS)
              .apply("WriteRunsParquet",
                  FileIO.<String, WorkflowRun>writeDynamic()
                      .by(new RunDay())
                      .withDestinationCoder(StringUtf8Coder.of())
                      .via(Contextful.fn(new RunToRecord()), sink(AvroSchemas.RUNS))
                      .to(staged.runsDir())
                      .withTempDirectory(tempDir)
                      // One file per day: without a fixed count FileIO writes a file per bundle,
                      // and the Direct runner makes a bundle per key after a shuffle.
                      .withNumShards(1)
                      .withNaming(day -> FileIO.Write.defaultNaming(
                          OutputLayout.PARTITION_KEY + day + "/" + prefix, ".parquet")))
              .getPerDestinationOutputFilenames()
              .apply("RunsFileNames", Values.create()));
    }
    if (input.has(STATS)) {
      names = names.and(
          input.get(STATS)
              .apply("WriteStatsParquet",
                  FileIO.<String, TypeStats>writeDynamic()
                      .by(new StatsDay())
                      .withDestinationCoder(StringUtf8Coder.of())
                      .via(Contextful.fn(new StatsToRecord(layout.tenant())),
                          sink(AvroSchemas.STATS))
                      .to(staged.statsDir())
                      .withTempDirectory(tempDir)
                      .withNumShards(1)
                      .withNaming(day -> new DayFileName(day, hive)))
              .getPerDestinationOutputFilenames()
              .apply("StatsFileNames", Values.create()));
    }
    if (input.has(REJECTS)) {
      names = names.and(
          input.get(REJECTS)
              .apply("WriteRejectsParquet",
                  FileIO.<String, Reject>writeDynamic()
                      .by(new RejectDay())
                      .withDestinationCoder(StringUtf8Coder.of())
                      .via(Contextful.fn(new RejectToRecord(layout.tenant())),
                          sink(AvroSchemas.REJECTS))
                      .to(staged.rejectsDir())
                      .withTempDirectory(tempDir)
                      .withNumShards(1)
                      .withNaming(day -> new DayFileName(day, hive)))
              .getPerDestinationOutputFilenames()
              .apply("RejectsFileNames", Values.create()));
    }
    return names.apply("StagedFileNames", Flatten.pCollections());
  }

  private ParquetIO.Sink sink(Schema schema) {
    // No withConfiguration(): a Hadoop configuration in the sink is deserialized for every bundle
    // of the write step, which the Direct runner does per day and table (measured: the largest
    // single cost of a CPU-bound run).
    return ParquetIO.sink(schema).withCompressionCodec(codec);
  }

  /**
   * Names the single file of a day {@code created_date=YYYY-MM-DD/YYYY-MM-DD.parquet} and that of
   * an undated reject {@code created_date=__HIVE_DEFAULT_PARTITION__/undated-{key}.parquet} (Hive's
   * folder for a null value); without {@code hive} (the layout before tenants) the bare names.
   */
  private static final class DayFileName implements FileIO.Write.FileNaming {
    private static final long serialVersionUID = 1L;
    private final String day;
    private final boolean hive;

    DayFileName(String day, boolean hive) {
      this.day = day;
      this.hive = hive;
    }

    @Override
    public String getFilename(
        BoundedWindow window, PaneInfo pane, int numShards, int shardIndex, Compression c) {
      if (!hive) {
        return day + ".parquet";
      }
      String folder = day.startsWith("undated-")
          ? OutputLayout.undatedFolder() : OutputLayout.PARTITION_KEY + day + "/";
      return folder + day + ".parquet";
    }
  }

  private static final class RunDay implements SerializableFunction<WorkflowRun, String> {
    @Override
    public String apply(WorkflowRun r) {
      return AvroSchemas.day(r.createdDate, "run " + r.runId);
    }
  }

  private static final class StatsDay implements SerializableFunction<TypeStats, String> {
    @Override
    public String apply(TypeStats s) {
      return AvroSchemas.day(s.createdDate, "TypeStats of type " + s.type);
    }
  }

  private static final class RejectDay implements SerializableFunction<Reject, String> {
    @Override
    public String apply(Reject r) {
      if (Reject.UNDATED.equals(r.createdDate)) {
        return TableFile.undatedName(r.runId, r.rawJson);
      }
      return AvroSchemas.day(r.createdDate, "reject (" + r.reason + ")");
    }
  }

  /**
   * A run as its Avro record (shared by the batch and stream tables); counts the rows given to the
   * Parquet writer ({@value #RUN_ROWS_WRITTEN}), the progress of writing.
   */
  static final class RunToRecord
      implements SerializableFunction<WorkflowRun, GenericRecord> {
    private final Counter rows = Metrics.counter("amperity", RUN_ROWS_WRITTEN);

    @Override
    public GenericRecord apply(WorkflowRun r) {
      rows.inc();
      return AvroSchemas.toRecord(r);
    }
  }

  /** The counter of runs written into Parquet files. */
  public static final String RUN_ROWS_WRITTEN = "run_rows_written";

  private static final class StatsToRecord
      implements SerializableFunction<TypeStats, GenericRecord> {
    private final String tenant;

    StatsToRecord(String tenant) {
      this.tenant = tenant;
    }

    @Override
    public GenericRecord apply(TypeStats s) {
      return AvroSchemas.toRecord(s, tenant);
    }
  }

  /** A reject as its Avro record, filed under a tenant (shared by the batch and stream tables). */
  static final class RejectToRecord implements SerializableFunction<Reject, GenericRecord> {
    private final String tenant;

    RejectToRecord(String tenant) {
      this.tenant = tenant;
    }

    @Override
    public GenericRecord apply(Reject r) {
      return AvroSchemas.toRecord(r, tenant);
    }
  }
}
