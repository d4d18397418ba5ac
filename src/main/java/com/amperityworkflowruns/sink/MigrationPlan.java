package com.amperityworkflowruns.sink;

import com.amperityworkflowruns.model.Days;
import com.amperityworkflowruns.publish.Cleanup;
import com.amperityworkflowruns.publish.FileOps;
import com.amperityworkflowruns.publish.OutputFilter;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.publish.PublishJournal.Operation;
import com.amperityworkflowruns.publish.PublishJournal;
import com.amperityworkflowruns.publish.Publisher;
import com.amperityworkflowruns.publish.TableFile;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.Schema;

/**
 * What moving an output from the layout before tenants to tenant {@code T}'s files does: the
 * files rewritten into T's staging folder first, and the journal's operations, in order.
 *
 * <ol>
 *   <li>Per day of the batch tables: T's files of that day that the migrated ones do not replace
 *       are deleted (a day's files come from one publish), then the runs files move (as they are
 *       when their {@code tenant} column holds T only, else rewritten with it), the stats and
 *       rejects files move rewritten (with their new {@code tenant} column), and the old files
 *       rewritten are deleted, each after its replacement was published.
 *   <li>Undated rejects, to {@code created_date=__HIVE_DEFAULT_PARTITION__/}.
 *   <li>The stream tables' files, to {@code table/tenant=T/ended_date=D/}.
 *   <li>The control files: window markers, reports, stuck journals and the resume spool of a
 *       crashed job move to {@code _tenants/T/}; FileIO leftovers and abandoned staging are
 *       deleted; {@code report.html} is renamed {@code report-T.html}; the filter record
 *       {@code _output.json} moves last.
 * </ol>
 */
final class MigrationPlan {
  /** The job id of the migration's journal and staging folder: the same for every run. */
  static final String JOB_ID = "migrate-legacy-layout";
  private static final String WINDOWS = StreamProgress.STATE_DIR + "/windows/";
  /** The report page before tenants; each tenant's is {@code report-T.html} now. */
  private static final String REPORT = "report.html";

  /** One file to rewrite before the journal is written. */
  static final class Rewrite {
    final String from;
    final String to;
    final Schema schema;
    final boolean runs;

    Rewrite(String from, String to, Schema schema, boolean runs) {
      this.from = from;
      this.to = to;
      this.schema = schema;
      this.runs = runs;
    }
  }

  private final FileOps fs;
  private final OutputLayout old;
  private final OutputLayout layout;
  final List<Rewrite> rewrites = new ArrayList<>();
  final List<Operation> operations = new ArrayList<>();
  final TreeSet<LocalDate> days = new TreeSet<>();
  /** Counts for the report, by what was done. */
  final MigrationReport.Counts counts = new MigrationReport.Counts();

  private MigrationPlan(FileOps fs, OutputLayout old, OutputLayout layout) {
    this.fs = fs;
    this.old = old;
    this.layout = layout;
  }

  /** Plans the migration of {@code old}'s files to {@code layout}'s tenant; changes nothing. */
  static MigrationPlan of(FileOps fs, OutputLayout old, OutputLayout layout) throws IOException {
    MigrationPlan plan = new MigrationPlan(fs, old, layout);
    plan.planTables();
    plan.planStream();
    plan.planControl();
    return plan;
  }

  /** The journal of this plan, for tenant {@code layout}'s journal folder. */
  PublishJournal journal() {
    LocalDate first = days.isEmpty() ? LocalDate.EPOCH : days.first();
    Days all = Days.range(first, first.plusDays(days.isEmpty() ? 0 : 1)).plus(days);
    // A move that cannot complete lost an old file: rerunning its days repairs them.
    return new PublishJournal(layout, JOB_ID, all, operations,
        "--tenant=" + layout.tenant() + " --output=" + layout.root());
  }

  private void planTables() throws IOException {
    TreeMap<LocalDate, List<TableFile>> byDay = new TreeMap<>();
    List<TableFile> undated = new ArrayList<>();
    for (TableFile f : LegacyOutput.dataFiles(fs, old, false)) {
      if (f.day == null) {
        undated.add(f);
      } else {
        byDay.computeIfAbsent(f.day, d -> new ArrayList<>()).add(f);
      }
    }
    days.addAll(byDay.keySet());
    Set<String> targets = new HashSet<>();
    List<List<Operation>> perDay = new ArrayList<>();
    for (List<TableFile> files : byDay.values()) {
      files.sort(Comparator.comparingInt(TableFile::tableOrder).thenComparing(f -> f.relative));
      List<Operation> moves = new ArrayList<>();
      List<Operation> deletes = new ArrayList<>();
      for (TableFile f : files) {
        targets.add(planFile(f, target(f), moves, deletes));
      }
      moves.addAll(deletes);
      perDay.add(moves);
    }
    TreeMap<LocalDate, List<String>> stale = staleFiles(targets);
    int i = 0;
    for (LocalDate day : byDay.keySet()) {
      stale.getOrDefault(day, List.of()).forEach(p -> operations.add(Operation.delete(p)));
      counts.replaced += stale.getOrDefault(day, List.of()).size();
      operations.addAll(perDay.get(i++));
    }
    List<Operation> deletes = new ArrayList<>();
    for (TableFile f : undated) {
      planFile(f, target(f), operations, deletes);
      counts.undated++;
    }
    operations.addAll(deletes);
  }

  /** Where an old data file goes in the tenant's layout (relative to the root). */
  private String target(TableFile f) {
    String name = f.relative.substring(f.relative.lastIndexOf('/') + 1);
    if (f.tableOrder() == 0) {
      return layout.runsPartitionRelative(f.day) + name;
    }
    return f.day != null ? layout.dayFileRelative(f.table, f.day)
        : layout.tableRelative(f.table) + OutputLayout.undatedFolder() + name;
  }

  /** Adds the operations of one old data file; returns its target. */
  private String planFile(TableFile f, String target, List<Operation> moves,
      List<Operation> deletes) throws IOException {
    Schema schema = f.tableOrder() == 0 ? AvroSchemas.RUNS
        : f.tableOrder() == 1 ? AvroSchemas.STATS : AvroSchemas.REJECTS;
    planMoveOrRewrite(f.relative, target, schema, f.tableOrder() == 0, moves, deletes);
    return target;
  }

  /**
   * A runs file whose tenant column already holds only the tenant moves as it is; any other file
   * is rewritten into staging, moved from there, and then deleted where it was.
   */
  private void planMoveOrRewrite(String relative, String target, Schema schema, boolean runs,
      List<Operation> moves, List<Operation> deletes) throws IOException {
    if (runs && ParquetRewrite.tenantColumnIs(old.resolve(relative), layout.tenant())) {
      moves.add(Operation.move(relative, target));
      counts.movedAsIs++;
      return;
    }
    String staged = layout.stagingDir(JOB_ID) + target;
    rewrites.add(new Rewrite(old.resolve(relative), staged, schema, runs));
    moves.add(Operation.move(layout.relativize(staged), target));
    deletes.add(Operation.delete(relative));
    counts.rewritten++;
  }

  /** The tenant's files of the migrated days that no migrated file replaces, by day. */
  private TreeMap<LocalDate, List<String>> staleFiles(Set<String> targets) throws IOException {
    TreeMap<LocalDate, List<String>> stale = new TreeMap<>();
    for (String glob : Publisher.dataFileGlobs(layout)) {
      for (FileOps.FileInfo info : fs.list(glob)) {
        TableFile f = TableFile.parse(layout.relativize(info.path));
        if (f != null && f.day != null && f.belongsTo(layout) && days.contains(f.day)
            && !targets.contains(f.relative)) {
          stale.computeIfAbsent(f.day, d -> new ArrayList<>()).add(f.relative);
        }
      }
    }
    stale.values().forEach(l -> l.sort(Comparator.naturalOrder()));
    return stale;
  }

  private void planStream() throws IOException {
    List<Operation> deletes = new ArrayList<>();
    for (String relative : LegacyOutput.streamFiles(fs, old, false)) {
      String table = relative.substring(0, relative.indexOf('/'));
      String target = layout.tableRelative(table) + relative.substring(table.length() + 1);
      Schema schema = table.equals(WriteStreamTables.RUNS_DIR) ? StreamSchemas.FINISHED_RUNS
          : table.equals(WriteStreamTables.STATS_DIR) ? StreamSchemas.STATS_HOURLY
          : StreamSchemas.REJECTS;
      planMoveOrRewrite(relative, target, schema, table.equals(WriteStreamTables.RUNS_DIR),
          operations, deletes);
      counts.stream++;
    }
    operations.addAll(deletes);
  }

  private void planControl() throws IOException {
    String lease = StreamProgress.STATE_DIR + "/_lease.json";
    for (String f : below(StreamProgress.STATE_DIR + "/")) {
      if (f.startsWith(WINDOWS)) {
        operations.add(Operation.move(f, control(f)));
        counts.markers++;
      } else if (!f.equals(lease)) {
        operations.add(Operation.delete(f)); // FileIO's temporary files, a lease's leftovers
      }
    }
    for (String f : below(Cleanup.REPORTS + "/")) {
      operations.add(Operation.move(f, control(f)));
      counts.reports++;
    }
    for (String f : below(OutputLayout.JOURNAL + "/")) {
      boolean stuck = f.startsWith(OutputLayout.JOURNAL + "/stuck/");
      operations.add(stuck ? Operation.move(f, control(f)) : Operation.delete(f));
    }
    for (String f : below(OutputLayout.STAGING + "/")) {
      operations.add(Operation.delete(f));
      counts.staging++;
    }
    for (String f : below("_resume/")) {
      operations.add(Operation.move(f, control(f))); // --resume of a crashed job still finds it
      counts.spool++;
    }
    if (fs.exists(old.resolve(REPORT))) {
      operations.add(Operation.move(REPORT, "report-" + layout.tenant() + ".html"));
      counts.report = true;
    }
    if (fs.exists(old.resolve(OutputFilter.FILE))) {
      operations.add(Operation.move(OutputFilter.FILE, control(OutputFilter.FILE)));
      counts.filter = true;
    }
  }

  /** The files below the root's folder {@code dir}, relative to the root, sorted. */
  private List<String> below(String dir) throws IOException {
    List<String> files = new ArrayList<>();
    for (FileOps.FileInfo f : fs.list(old.resolve(dir + "**"))) {
      files.add(old.relativize(f.path));
    }
    files.sort(Comparator.naturalOrder());
    return files;
  }

  /** A root control file's new place: {@code _tenants/T/} and the same name. */
  private String control(String relative) {
    return layout.relativize(layout.control(relative));
  }
}
