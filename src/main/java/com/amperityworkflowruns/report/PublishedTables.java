package com.amperityworkflowruns.report;

import com.amperityworkflowruns.model.RunState;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.publish.TableFile;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopCodecs;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * The published tables of one tenant of an output, found through Beam's {@code FileSystems}
 * (local or {@code gs://}): which days exist, the runs of a range of days (only the columns the
 * report needs), and the number of rejects per day (from the Parquet footers, without reading
 * rows).
 *
 * <p>Reads only the tenant's published files ({@link OutputLayout#dataGlobs()}: {@code
 * workflow_runs/tenant=T/created_date=D/*.parquet} and the same folders of {@code
 * workflow_type_stats} and {@code rejects}); other tenants', staging folders and journals are
 * never read, so a job publishing at the same time shows either the old or the new files of a
 * day.
 */
final class PublishedTables implements AutoCloseable {
  /** The run columns read; every one is in every workflow_runs file this job writes. */
  static final List<String> RUN_COLUMNS =
      List.of("name", "type", "state", "created_at", "ended_at",
          "duration_ms", "error_attribution", "error_type");

  private final OutputLayout layout;
  private final TreeMap<LocalDate, List<MatchResult.Metadata>> runs = new TreeMap<>();
  private final TreeMap<LocalDate, MatchResult.Metadata> stats = new TreeMap<>();
  private final TreeMap<LocalDate, MatchResult.Metadata> rejects = new TreeMap<>();
  private final List<MatchResult.Metadata> undated = new ArrayList<>();
  private boolean hasReport;
  /**
   * One set of read options and codecs for every file: each new one builds and parses a Hadoop
   * configuration, which cost more than reading a small file.
   */
  private final CompressionCodecFactory codecs = HadoopCodecs.newFactory(0);
  private final ParquetReadOptions readOptions =
      ParquetReadOptions.builder().withCodecFactory(codecs).build();

  private PublishedTables(OutputLayout layout) {
    this.layout = layout;
  }

  /**
   * Lists the published files of {@code layout}'s tenant.
   *
   * @throws NotAnOutputException when the output is in the layout before tenants, the tenant has
   *     no file there (naming the tenants there), or a day of runs has no statistics file
   */
  static PublishedTables list(OutputLayout layout) throws IOException, NotAnOutputException {
    PublishedTables t = new PublishedTables(layout);
    try {
      t.find();
    } catch (IOException | NotAnOutputException | RuntimeException e) {
      t.close();
      throw e;
    }
    return t;
  }

  private void find() throws IOException, NotAnOutputException {
    OutputTenants.refuseOldLayout(layout, layout.tenant());
    for (String glob : layout.dataGlobs()) {
      for (MatchResult.Metadata m : OutputTenants.match(glob)) {
        TableFile f = TableFile.parse(layout.relativize(m.resourceId().toString()));
        if (f == null || !layout.tenant().equals(f.tenant())) {
          continue;
        }
        if (f.table().equals(OutputLayout.RUNS)) {
          runs.computeIfAbsent(f.day(), d -> new ArrayList<>()).add(m);
        } else if (f.table().equals(OutputLayout.STATS)) {
          stats.put(f.day(), m);
        } else if (f.day() != null) {
          rejects.put(f.day(), m);
        } else {
          undated.add(m);
        }
      }
    }
    hasReport = !OutputTenants.match(
        layout.resolve(OutputTenants.reportFile(layout.tenant()))).isEmpty();
    check();
  }

  private void check() throws IOException, NotAnOutputException {
    if (runs.isEmpty() && stats.isEmpty() && rejects.isEmpty() && undated.isEmpty()
        && !hasReport) {
      throw OutputTenants.tenantNotFound(layout);
    }
    for (LocalDate day : runs.keySet()) {
      if (!stats.containsKey(day)) {
        throw new NotAnOutputException(layout.root() + " is not a complete output of this job: "
            + layout.relativize(layout.statsFile(day)) + " is missing, though "
            + layout.relativize(layout.runsPartition(day)) + " has runs");
      }
    }
    for (LocalDate day : stats.keySet()) {
      if (!runs.containsKey(day)) {
        throw new NotAnOutputException(layout.root() + " is not a complete output of this job: "
            + layout.relativize(layout.runsPartition(day)) + " is missing, though "
            + layout.relativize(layout.statsFile(day)) + " exists");
      }
    }
  }

  /** Every day with runs or rejects, in order. */
  NavigableSet<LocalDate> publishedDays() {
    NavigableSet<LocalDate> days = new TreeSet<>(runs.keySet());
    days.addAll(rejects.keySet());
    return days;
  }

  /** Calls {@code sink} with every run created on a day in {@code [from, to)}. */
  void readRuns(LocalDate from, LocalDate to, Consumer<RunRow> sink)
      throws IOException, NotAnOutputException {
    if (!from.isBefore(to)) {
      return;
    }
    for (Map.Entry<LocalDate, List<MatchResult.Metadata>> e :
        runs.subMap(from, true, to, false).entrySet()) {
      for (MatchResult.Metadata file : e.getValue()) {
        readRunsFile(e.getKey(), file, sink);
      }
    }
  }

  /** The number of rejects without a day ({@code undated-*.parquet}), from footers. */
  long undatedRejects() throws IOException, NotAnOutputException {
    long n = 0;
    for (MatchResult.Metadata m : undated) {
      try (ParquetFileReader r = open(m)) {
        n += r.getRecordCount();
      }
    }
    return n;
  }

  /** The number of rejects filed on each day in {@code [from, to)} that has any. */
  TreeMap<LocalDate, Long> rejectsPerDay(LocalDate from, LocalDate to)
      throws IOException, NotAnOutputException {
    TreeMap<LocalDate, Long> counts = new TreeMap<>();
    if (!from.isBefore(to)) {
      return counts;
    }
    for (Map.Entry<LocalDate, MatchResult.Metadata> e :
        rejects.subMap(from, true, to, false).entrySet()) {
      try (ParquetFileReader r = open(e.getValue())) {
        long n = r.getRecordCount();
        if (n > 0) {
          counts.put(e.getKey(), n);
        }
      }
    }
    return counts;
  }

  private void readRunsFile(LocalDate day, MatchResult.Metadata file, Consumer<RunRow> sink)
      throws IOException, NotAnOutputException {
    try (ParquetFileReader reader = open(file)) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      List<Type> fields = new ArrayList<>();
      for (String column : RUN_COLUMNS) {
        if (!schema.containsField(column)) {
          throw new NotAnOutputException(file.resourceId() + " has no column " + column
              + ": not a workflow_runs file of this job");
        }
        fields.add(schema.getType(column));
      }
      MessageType projection = new MessageType(schema.getName(), fields);
      reader.setRequestedSchema(projection);
      ColumnIOFactory io = new ColumnIOFactory();
      PageReadStore rowGroup;
      while ((rowGroup = reader.readNextRowGroup()) != null) {
        RecordReader<Group> records =
            io.getColumnIO(projection, schema)
                .getRecordReader(rowGroup, new GroupRecordConverter(projection));
        for (long i = 0, n = rowGroup.getRowCount(); i < n; i++) {
          sink.accept(toRow(day, records.read()));
        }
      }
    }
  }

  private static RunRow toRow(LocalDate day, Group g) {
    return new RunRow(
        day,
        string(g, 0),
        string(g, 1),
        RunState.parse(string(g, 2)),
        g.getLong(3, 0),
        longOrNull(g, 4),
        longOrNull(g, 5),
        string(g, 6),
        string(g, 7));
  }

  private static String string(Group g, int field) {
    return g.getFieldRepetitionCount(field) == 0 ? null : g.getString(field, 0);
  }

  private static Long longOrNull(Group g, int field) {
    return g.getFieldRepetitionCount(field) == 0 ? null : g.getLong(field, 0);
  }

  @Override
  public void close() {
    codecs.release();
  }

  private ParquetFileReader open(MatchResult.Metadata file)
      throws IOException, NotAnOutputException {
    try {
      return ParquetFileReader.open(new BeamInputFile(file), readOptions);
    } catch (RuntimeException e) {
      throw new NotAnOutputException(file.resourceId() + " is not a readable Parquet file: "
          + e.getMessage(), e);
    }
  }
}
