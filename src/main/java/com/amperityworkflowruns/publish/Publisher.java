package com.amperityworkflowruns.publish;

import com.amperityworkflowruns.model.Days;
import com.amperityworkflowruns.publish.PublishJournal.Operation;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a job's staged files by replacing whole days, through a write-ahead journal, so that a
 * job killed at any point leaves the published output either as it was or recoverable to the new
 * state, never half-written.
 *
 * <p><b>Plan.</b> {@link #plan} lists what is published for the days {@code [fromDay, toDay)} and
 * writes {@code _journal/{jobId}.json} (to a temp name, then renamed, so it is complete or absent):
 * per day, the deletes of every published file of that day that the job does not replace, then the
 * moves of the staged files (a move replaces a file of the same name). Days without new data get
 * only deletes, so nothing stale remains. Nothing published changes before the journal exists.
 *
 * <p><b>Execute.</b> {@link #execute} performs the journal day by day, then removes the staging
 * folder and finally the journal. Replaying is idempotent: a delete of a missing file is skipped,
 * and so is a move whose source is gone and destination exists.
 *
 * <p><b>Recover.</b> {@link #recoverAll} rolls every journal it finds forward, then removes
 * staging folders without a journal that are older than a day (see {@link StagingCleaner}). It
 * runs at the start of every job (when no other job publishes) and inside every publish.
 * {@link com.amperityworkflowruns.sink.GuardedPublish} runs all of this under the output's {@link
 * PublishLease}, so one job
 * publishes to an output at a time and recovery only rolls forward journals of jobs whose lease
 * is gone.
 */
public final class Publisher {
  private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
  /** Staging folders without a journal and without a write for this long are removed. */
  public static final Duration ABANDONED_STAGING_AGE = Duration.ofDays(1);

  private final FileOps fs;
  private final Clock clock;
  private final StagingCleaner cleaner;

  public Publisher(FileOps fs, Clock clock) {
    this.fs = fs;
    this.clock = clock;
    this.cleaner = new StagingCleaner(fs);
  }

  /**
   * A publisher on the product's file operations ({@link StandardFileOps}: Beam's {@code
   * FileSystems}) and the system clock.
   */
  public static Publisher create() {
    return new Publisher(StandardFileOps.INSTANCE, Clock.systemUTC());
  }

  /**
   * Rolls forward every pending journal of {@code layout} and removes abandoned staging, without
   * the lease: for tests and tools run while no job publishes. Jobs recover through {@link
   * com.amperityworkflowruns.sink.GuardedPublish}, under the lease.
   */
  public static List<PublishReport> recover(OutputLayout layout) throws IOException {
    return create().recoverAll(layout, null);
  }

  /**
   * Recovers, plans and executes: the whole publish of job {@code jobId}, without the lease or
   * the checks of {@link com.amperityworkflowruns.sink.GuardedPublish} (which jobs use).
   */
  public PublishReport publish(OutputLayout layout, String jobId, LocalDate fromDay,
      LocalDate toDay, Collection<String> stagedFiles) throws IOException {
    recoverAll(layout, jobId);
    return execute(plan(layout, jobId, Days.range(fromDay, toDay), stagedFiles, "", null));
  }

  /**
   * Computes the journal that replaces days {@code [fromDay, toDay)} with {@code stagedFiles}
   * (full names below {@code layout.stagingDir(jobId)}) and writes it durably; changes nothing
   * published.
   *
   * @throws IllegalArgumentException if the range is reversed, or a staged file is not below the
   *     job's staging folder, not a data file of the layout, or of a day outside the range
   * @throws IOException if a staged file is missing (and was not published already)
   */
  public PublishJournal plan(OutputLayout layout, String jobId, LocalDate fromDay, LocalDate toDay,
      Collection<String> stagedFiles) throws IOException {
    return plan(layout, jobId, Days.range(fromDay, toDay), stagedFiles, "", null);
  }

  /**
   * {@link #plan} for the days {@code days}, recording {@code rerunArgs} for the repair line of a
   * stuck journal. Only files of {@code layout}'s tenant are deleted or published. A {@code
   * refreshMark} (JSON, may be null) is staged and its move is the journal's last step, so the
   * tenant's {@link RefreshMark} changes exactly when its days do.
   */
  public PublishJournal plan(OutputLayout layout, String jobId, Days days,
      Collection<String> stagedFiles, String rerunArgs, byte[] refreshMark) throws IOException {
    OutputLayout.checkJobId(jobId);
    String stagingPrefix = layout.relativize(layout.stagingDir(jobId));
    TreeMap<LocalDate, List<Operation>> moves = new TreeMap<>();
    List<Operation> undated = new ArrayList<>();
    Set<String> targets = new HashSet<>();
    for (String staged : new TreeSet<>(stagedFiles)) {
      String rel = layout.relativize(staged);
      if (!rel.startsWith(stagingPrefix)) {
        throw new IllegalArgumentException(
            "staged file " + staged + " is not below " + layout.stagingDir(jobId));
      }
      TableFile file = TableFile.parse(rel.substring(stagingPrefix.length()));
      if (file == null || !file.belongsTo(layout)) {
        throw new IllegalArgumentException("staged file " + staged + " is not a table file of "
            + (layout.tenant() == null ? "this output" : "tenant " + layout.tenant()));
      }
      if (file.day != null && !days.contains(file.day)) {
        throw new IllegalArgumentException("staged file " + staged + " is for day " + file.day
            + ", outside the published days " + days);
      }
      if (!fs.exists(staged) && !fs.exists(layout.resolve(file.relative))) {
        throw new IOException("staged file " + staged + " is missing and was never published");
      }
      if (file.day == null) {
        undated.add(Operation.move(rel, file.relative));
      } else {
        moves.computeIfAbsent(file.day, d -> new ArrayList<>()).add(Operation.move(rel,
            file.relative));
      }
      targets.add(file.relative);
    }
    TreeMap<LocalDate, List<TableFile>> deletes = new TreeMap<>();
    for (String glob : dataFileGlobs(layout)) {
      for (FileOps.FileInfo f : fs.list(glob)) {
        TableFile file = TableFile.parse(layout.relativize(f.path));
        if (file != null && file.belongsTo(layout) && days.contains(file.day)
            && !targets.contains(file.relative)) {
          deletes.computeIfAbsent(file.day, d -> new ArrayList<>()).add(file);
        }
      }
    }
    List<Operation> ops = new ArrayList<>();
    for (LocalDate day : days) {
      List<Operation> dayOps = new ArrayList<>();
      deletes.getOrDefault(day, List.of()).stream()
          .sorted(Comparator.comparingInt(TableFile::tableOrder)
              .thenComparing(f -> f.relative))
          .forEach(f -> dayOps.add(Operation.delete(f.relative)));
      dayOps.addAll(moves.getOrDefault(day, List.of()));
      dayOps.sort(Comparator.comparingInt(Publisher::tableOrder)
          .thenComparing(op -> op.kind)
          .thenComparing(op -> op.path));
      ops.addAll(dayOps);
    }
    // Undated rejects belong to no day: each replaces the file of the same record id, if any.
    ops.addAll(undated);
    if (refreshMark != null) {
      String staged = layout.stagingDir(jobId) + RefreshMark.FILE;
      fs.write(staged, refreshMark);
      ops.add(Operation.move(layout.relativize(staged),
          layout.relativize(RefreshMark.path(layout))));
    }
    PublishJournal journal = new PublishJournal(layout, jobId, days, ops, rerunArgs);
    String file = layout.journalFile(jobId);
    fs.write(file + ".tmp", journal.toJson());
    fs.rename(file + ".tmp", file);
    return journal;
  }

  /** Called before every change to the published output; throws to stop (e.g. a lost lease). */
  public interface BeforeChange {
    void check() throws IOException;
  }

  /**
   * Performs {@code journal} (idempotently), then removes the job's staging folder and the
   * journal; safe to call again on the same journal after a failure at any point.
   */
  public PublishReport execute(PublishJournal journal) throws IOException {
    return execute(journal, () -> {});
  }

  /**
   * Performs {@code journal}, calling {@code guard} before each change. Each step is idempotent:
   * a delete of a missing file is done, and so is a move whose source is gone and target present.
   * A move with neither (staged files lost) cannot be completed: every other step is still
   * performed (so no day holds old and new files at once), the journal is moved aside to
   * {@code _journal/stuck/}, and the report's {@link PublishReport#warning} names the days left
   * inconsistent and the command that repairs them.
   */
  public PublishReport execute(PublishJournal journal, BeforeChange guard) throws IOException {
    OutputLayout layout = journal.layout;
    Set<LocalDate> daysWithRuns = new HashSet<>();
    Set<LocalDate> stuckDays = new TreeSet<>();
    List<String> moved = new ArrayList<>();
    for (Operation op : journal.operations) {
      String path = layout.resolve(op.path);
      guard.check();
      if (op.kind == Operation.Kind.DELETE) {
        fs.delete(path);
        continue;
      }
      TableFile target = TableFile.parse(op.target);
      String destination = layout.resolve(op.target);
      if (fs.exists(path)) {
        fs.rename(path, destination);
      } else if (!fs.exists(destination)) {
        stuckDays.add(target == null || target.day == null ? journal.fromDay : target.day);
        continue;
      }
      if (target != null && target.tableOrder() == 0) {
        daysWithRuns.add(target.day);
      }
      moved.add(path);
    }
    for (LocalDate day : journal.days) {
      if (!daysWithRuns.contains(day)) {
        fs.removeEmptyDirectory(layout.runsPartition(day));
      }
    }
    cleaner.removeStaging(layout, journal.jobId, moved);
    String warning = null;
    if (!stuckDays.isEmpty()) {
      String aside = layout.control(OutputLayout.JOURNAL + "/stuck/" + journal.jobId + ".json");
      fs.write(aside, journal.toJson());
      warning = StuckJournal.warning(journal, stuckDays, aside);
      LOG.warn(warning);
    }
    fs.delete(layout.journalFile(journal.jobId));
    fs.removeEmptyDirectory(layout.journalDir());
    PublishReport report = PublishReport.of(journal, warning);
    LOG.info("Published {}", report);
    return report;
  }

  /**
   * Rolls forward every journal below {@code layout}, oldest first, then removes abandoned
   * staging folders other than {@code runningJobId}'s (which may be null).
   */
  List<PublishReport> recoverAll(OutputLayout layout, String runningJobId) throws IOException {
    return recoverAll(layout, runningJobId, () -> {});
  }

  /** {@link #recoverAll(OutputLayout, String)}, calling {@code guard} before each change. */
  public List<PublishReport> recoverAll(OutputLayout layout, String runningJobId,
      BeforeChange guard)
      throws IOException {
    List<FileOps.FileInfo> journals = new ArrayList<>(fs.list(layout.journalDir() + "*.json"));
    journals.sort(Comparator.comparingLong((FileOps.FileInfo f) -> f.lastModifiedMillis)
        .thenComparing(f -> f.path));
    List<PublishReport> reports = new ArrayList<>();
    for (FileOps.FileInfo f : journals) {
      PublishJournal journal = PublishJournal.fromJson(fs.read(f.path), layout, f.path);
      LOG.info("Rolling forward {} found at {}", journal, f.path);
      reports.add(execute(journal, guard));
    }
    Set<String> keep = new HashSet<>();
    if (runningJobId != null) {
      keep.add(runningJobId);
    }
    cleaner.removeAbandoned(layout, clock.instant(), ABANDONED_STAGING_AGE, keep);
    fs.removeEmptyDirectory(layout.journalDir());
    fs.removeEmptyDirectory(layout.stagingRoot());
    return reports;
  }

  /** Globs that list every data file of {@code layout}'s tenant (or of a layout before tenants). */
  public static List<String> dataFileGlobs(OutputLayout layout) {
    return layout.tenant() == null
        ? List.of(layout.runsDir() + "*/*", layout.statsDir() + "*", layout.rejectsDir() + "*")
        : List.of(layout.runsDir() + "*/*", layout.statsDir() + "*/*",
            layout.rejectsDir() + "*/*");
  }

  private static int tableOrder(Operation op) {
    TableFile f = TableFile.parse(op.kind == Operation.Kind.MOVE ? op.target : op.path);
    return f == null ? 3 : f.tableOrder();
  }
}
