package com.amperityworkflowruns.report;

import com.amperityworkflowruns.model.RunState;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
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
 * The published tables of one output, found through Beam's {@code FileSystems} (local or {@code
 * gs://}): which days exist, the runs of a range of days (only the columns the report needs), and
 * the number of rejects per day (from the Parquet footers, without reading rows).
 *
 * <p>Reads the published layout only ({@code workflow_runs/created_date=D/*.parquet}, {@code
 * workflow_type_stats/D.parquet}, {@code rejects/D.parquet}); staging folders and journals are
 * ignored, so a job publishing at the same time shows either the old or the new files of a day.
 */
final class PublishedTables implements AutoCloseable {
  static final String REPORT_FILE = "report.html";
  private static final Pattern RUNS_FILE =
      Pattern.compile(".*/workflow_runs/created_date=(\\d{4}-\\d{2}-\\d{2})/[^/]+\\.parquet");
  private static final Pattern DAY_FILE =
      Pattern.compile(".*/(workflow_type_stats|rejects)/(\\d{4}-\\d{2}-\\d{2})\\.parquet");
  /** The run columns read; every one is in every workflow_runs file this job writes. */
  static final List<String> RUN_COLUMNS =
      List.of("tenant", "name", "type", "state", "created_at", "ended_at",
          "duration_ms", "error_attribution", "error_type");

  private final String root;
  private final TreeMap<LocalDate, List<MatchResult.Metadata>> runs = new TreeMap<>();
  private final TreeMap<LocalDate, MatchResult.Metadata> stats = new TreeMap<>();
  private final TreeMap<LocalDate, MatchResult.Metadata> rejects = new TreeMap<>();
  private boolean hasReport;
  /**
   * One set of read options and codecs for every file: each new one builds and parses a Hadoop
   * configuration, which cost more than reading a small file.
   */
  private final CompressionCodecFactory codecs = HadoopCodecs.newFactory(0);
  private final ParquetReadOptions readOptions =
      ParquetReadOptions.builder().withCodecFactory(codecs).build();

  private PublishedTables(String root) {
    this.root = root;
  }

  /**
   * Lists the published files below {@code root}.
   *
   * @throws NotAnOutputException when nothing below it looks like this job's output, or a day of
   *     runs has no statistics file
   */
  static PublishedTables list(String root) throws IOException, NotAnOutputException {
    PublishedTables t = new PublishedTables(root);
    try {
      t.find();
    } catch (IOException | NotAnOutputException | RuntimeException e) {
      t.close();
      throw e;
    }
    return t;
  }

  private void find() throws IOException, NotAnOutputException {
    PublishedTables t = this;
    for (MatchResult.Metadata m : match(root + "/workflow_runs/created_date=*/*.parquet")) {
      Matcher r = RUNS_FILE.matcher(m.resourceId().toString());
      LocalDate day = r.matches() ? day(r.group(1)) : null;
      if (day != null) {
        t.runs.computeIfAbsent(day, d -> new ArrayList<>()).add(m);
      }
    }
    for (String table : new String[] {"workflow_type_stats", "rejects"}) {
      for (MatchResult.Metadata m : match(root + "/" + table + "/*.parquet")) {
        Matcher d = DAY_FILE.matcher(m.resourceId().toString());
        LocalDate day = d.matches() ? day(d.group(2)) : null;
        if (day != null) {
          (table.equals("rejects") ? t.rejects : t.stats).put(day, m);
        }
      }
    }
    t.hasReport = !match(root + "/" + REPORT_FILE).isEmpty();
    t.check();
  }

  private void check() throws NotAnOutputException {
    if (runs.isEmpty() && stats.isEmpty() && rejects.isEmpty() && !hasReport) {
      throw new NotAnOutputException(root + " is not an output of this job: it has no"
          + " workflow_runs/created_date=YYYY-MM-DD/*.parquet, workflow_type_stats/*.parquet,"
          + " rejects/*.parquet or " + REPORT_FILE + " (is --output the folder the job wrote to?)");
    }
    for (LocalDate day : runs.keySet()) {
      if (!stats.containsKey(day)) {
        throw new NotAnOutputException(root + " is not a complete output of this job:"
            + " workflow_type_stats/" + day + ".parquet is missing, though workflow_runs has runs"
            + " on " + day);
      }
    }
    for (LocalDate day : stats.keySet()) {
      if (!runs.containsKey(day)) {
        throw new NotAnOutputException(root + " is not a complete output of this job:"
            + " workflow_runs/created_date=" + day + "/ is missing, though workflow_type_stats/"
            + day + ".parquet exists");
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
        string(g, 2),
        RunState.parse(string(g, 3)),
        g.getLong(4, 0),
        longOrNull(g, 5),
        longOrNull(g, 6),
        string(g, 7),
        string(g, 8));
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

  private static List<MatchResult.Metadata> match(String glob) throws IOException {
    MatchResult m = FileSystems.match(glob, EmptyMatchTreatment.ALLOW);
    if (m.status() == MatchResult.Status.NOT_FOUND) {
      return List.of();
    }
    List<MatchResult.Metadata> files = new ArrayList<>();
    for (MatchResult.Metadata f : m.metadata()) {
      if (!f.resourceId().isDirectory()) {
        files.add(f);
      }
    }
    return files;
  }

  private static LocalDate day(String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
