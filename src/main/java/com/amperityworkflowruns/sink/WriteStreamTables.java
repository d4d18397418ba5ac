package com.amperityworkflowruns.sink;

import com.amperityworkflowruns.model.Reject;
import com.amperityworkflowruns.model.WindowTypeStats;
import com.amperityworkflowruns.model.WorkflowRun;
import com.amperityworkflowruns.publish.OutputLayout;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.Contextful;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Writes the stream tables as Parquet, one file per table and event-time window, and returns the
 * names of the files written (in their windows, once each window's files are final).
 *
 * <pre>{@code
 * {root}/finished_runs/ended_date=YYYY-MM-DD/{start}--{end}.parquet      WorkflowRun rows
 * {root}/type_stats_hourly/ended_date=YYYY-MM-DD/{start}--{end}.parquet  WindowTypeStats rows
 * {root}/rejects_stream/ended_date=YYYY-MM-DD/{start}--{end}.parquet     Reject rows
 * }</pre>
 *
 * <p>The input must be in {@link IntervalWindow}s that do not cross a UTC midnight; {@code
 * ended_date} is the date of the window's start. A file appears only when its window fired (a
 * windowed write: FileIO writes to a temporary folder and moves the file into place), and a
 * window without rows gets no file. File names depend only on the window, so a window written
 * again (a bundle retry, or a restart that reads it again) replaces its file instead of adding a
 * copy. Steps: {@code WriteFinishedRuns}, {@code WriteHourlyStats}, {@code WriteStreamRejects},
 * {@code WrittenFileNames}.
 */
public final class WriteStreamTables extends PTransform<PCollectionTuple, PCollection<String>> {
  /** Terminal runs, written to {@code finished_runs}. */
  public static final TupleTag<WorkflowRun> RUNS = new TupleTag<>("finishedRuns");
  /** Statistics per window and type, written to {@code type_stats_hourly}. */
  public static final TupleTag<WindowTypeStats> STATS = new TupleTag<>("hourlyStats");
  /** Rejected records, written to {@code rejects_stream}. */
  public static final TupleTag<Reject> REJECTS = new TupleTag<>("streamRejects");

  static final String RUNS_DIR = "finished_runs";
  static final String STATS_DIR = "type_stats_hourly";
  static final String REJECTS_DIR = "rejects_stream";
  /** FileIO's temporary files; below the state folder so that readers of the tables never see them. */
  static final String TEMP_DIR = StreamProgress.STATE_DIR + "/tmp";
  /** A window's start and end in file names ({@link #windowName}): UTC, sortable, no colons. */
  static final DateTimeFormatter WINDOW_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'").withZone(ZoneOffset.UTC);

  private final OutputLayout layout;

  private WriteStreamTables(OutputLayout layout) {
    this.layout = layout;
  }

  /** Writes below {@code layout}'s root. */
  public static WriteStreamTables to(OutputLayout layout) {
    if (layout == null) {
      throw new IllegalArgumentException("layout is required: OutputLayout.of(output)");
    }
    return new WriteStreamTables(layout);
  }

  @Override
  public PCollection<String> expand(PCollectionTuple input) {
    PCollectionList<String> names = PCollectionList.empty(input.getPipeline());
    if (input.has(RUNS)) {
      names = names.and(write(input.get(RUNS), "WriteFinishedRuns", RUNS_DIR,
          StreamSchemas.FINISHED_RUNS, new WriteTables.RunToRecord()));
    }
    if (input.has(STATS)) {
      names = names.and(write(input.get(STATS), "WriteHourlyStats", STATS_DIR,
          StreamSchemas.STATS_HOURLY, new StatsToRecord(layout.tenant())));
    }
    if (input.has(REJECTS)) {
      names = names.and(write(input.get(REJECTS), "WriteStreamRejects", REJECTS_DIR,
          StreamSchemas.REJECTS, new WriteTables.RejectToRecord(layout.tenant())));
    }
    return names.apply("WrittenFileNames", Flatten.pCollections());
  }

  private <T> PCollection<String> write(
      PCollection<T> rows,
      String step,
      String dir,
      Schema schema,
      SerializableFunction<T, GenericRecord> toRecord) {
    return rows.apply(step + "ByDate", ParDo.of(new KeyByWindowDate<T>()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), rows.getCoder()))
        .apply(step,
            FileIO.<String, KV<String, T>>writeDynamic()
                .by(new DateOf<T>())
                .withDestinationCoder(StringUtf8Coder.of())
                .via(Contextful.fn(new ValueToRecord<>(toRecord)),
                    ParquetIO.sink(schema).withCompressionCodec(CompressionCodecName.SNAPPY))
                .to(layout.tableDir(dir))
                .withTempDirectory(layout.control(TEMP_DIR + "/"))
                .withNumShards(1)
                .withNaming(WindowFileName::new))
        .getPerDestinationOutputFilenames()
        .apply(step + "Names", Values.create());
  }

  /** {@code {start}--{end}}, e.g. {@code 2024-03-01T10-00-00Z--2024-03-01T11-00-00Z}. */
  static String windowName(long startMillis, long endMillis) {
    return WINDOW_TIME.format(Instant.ofEpochMilli(startMillis)) + "--"
        + WINDOW_TIME.format(Instant.ofEpochMilli(endMillis));
  }

  /** Keys each row by the UTC date of its window's start. */
  static final class KeyByWindowDate<T> extends DoFn<T, KV<String, T>> {
    @ProcessElement
    public void process(@Element T row, BoundedWindow window, OutputReceiver<KV<String, T>> out) {
      long start = ((IntervalWindow) window).start().getMillis();
      out.output(KV.of(Instant.ofEpochMilli(start).atZone(ZoneOffset.UTC).toLocalDate().toString(), row));
    }
  }

  private static final class DateOf<T> implements SerializableFunction<KV<String, T>, String> {
    @Override
    public String apply(KV<String, T> kv) {
      return kv.getKey();
    }
  }

  private static final class ValueToRecord<T>
      implements SerializableFunction<KV<String, T>, GenericRecord> {
    private final SerializableFunction<T, GenericRecord> toRecord;

    ValueToRecord(SerializableFunction<T, GenericRecord> toRecord) {
      this.toRecord = toRecord;
    }

    @Override
    public GenericRecord apply(KV<String, T> kv) {
      return toRecord.apply(kv.getValue());
    }
  }

  /** {@code ended_date=D/{start}--{end}.parquet}: one file per window, named by it alone. */
  private static final class WindowFileName implements FileIO.Write.FileNaming {
    private static final long serialVersionUID = 1L;
    private final String date;

    WindowFileName(String date) {
      this.date = date;
    }

    @Override
    public String getFilename(
        BoundedWindow window, PaneInfo pane, int numShards, int shardIndex, Compression c) {
      IntervalWindow w = (IntervalWindow) window;
      return "ended_date=" + date + "/" + windowName(w.start().getMillis(), w.end().getMillis())
          + ".parquet";
    }
  }

  private static final class StatsToRecord
      implements SerializableFunction<WindowTypeStats, GenericRecord> {
    private final String tenant;

    StatsToRecord(String tenant) {
      this.tenant = tenant;
    }

    @Override
    public GenericRecord apply(WindowTypeStats s) {
      return StreamSchemas.toRecord(s, tenant);
    }
  }
}
