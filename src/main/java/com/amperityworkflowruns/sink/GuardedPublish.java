package com.amperityworkflowruns.sink;

import com.amperityworkflowruns.model.Days;
import com.amperityworkflowruns.publish.Cleanup;
import com.amperityworkflowruns.publish.FileOps;
import com.amperityworkflowruns.publish.LeaseStore;
import com.amperityworkflowruns.publish.OutputFilter;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.publish.PublishJournal;
import com.amperityworkflowruns.publish.PublishLease;
import com.amperityworkflowruns.publish.PublishPolicy;
import com.amperityworkflowruns.publish.PublishRefusedException;
import com.amperityworkflowruns.publish.PublishReport;
import com.amperityworkflowruns.publish.PublishedRowCounts;
import com.amperityworkflowruns.publish.Publisher;
import com.amperityworkflowruns.publish.RefreshMark;
import com.amperityworkflowruns.publish.ShrinkGuard;
import com.amperityworkflowruns.publish.StagingCleaner;
import com.amperityworkflowruns.publish.TableFile;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole publish of one job, with the checks that keep a published output from shrinking or
 * doubling:
 *
 * <ol>
 *   <li>take the output's {@link PublishLease} (waiting up to {@code --leaseWait} for another job);
 *   <li>roll forward the journals left by jobs that died while publishing (their lease is gone,
 *       since this job holds it); a journal that cannot be completed is moved aside with a repair
 *       line;
 *   <li>refuse if the output was written with another {@code --state}/{@code --type} filter
 *       ({@link OutputFilter});
 *   <li>refuse if a day would lose runs ({@link ShrinkGuard}, counts from metadata), unless
 *       {@code --allowShrink};
 *   <li>plan and execute the journal ({@link Publisher}), renewing the lease between steps;
 *   <li>record the filter, delete the job's resume spool, keep the newest {@code _reports/};
 *   <li>release the lease.
 * </ol>
 *
 * <p>A refusal leaves the published output exactly as it was, removes the job's staging folder and
 * keeps its resume spool (so the same command with {@code --resume} sends no request again). It
 * runs inside the publish step, so it behaves the same on every runner; a retried bundle finds its
 * own journal or its own published files and completes idempotently.
 */
public final class GuardedPublish {
  private static final Logger LOG = LoggerFactory.getLogger(GuardedPublish.class);

  private final FileOps fs;
  private final Clock clock;
  private final LeaseStore leases;
  private final PublishLease.Waiter waiter;
  private final Function<OutputLayout, PublishedRowCounts> publishedCounts;

  GuardedPublish(FileOps fs, Clock clock, LeaseStore leases, PublishLease.Waiter waiter,
      Function<OutputLayout, PublishedRowCounts> publishedCounts) {
    this.fs = fs;
    this.clock = clock;
    this.leases = leases;
    this.waiter = waiter;
    this.publishedCounts = publishedCounts;
  }

  /** On Beam's file systems, the system clock, and the lease store of the output's scheme. */
  public static GuardedPublish forOutput(OutputLayout layout) {
    return new GuardedPublish(BeamFileOps.INSTANCE, Clock.systemUTC(),
        LeaseStore.forRoot(layout.root()), PublishLease.Waiter.SLEEP,
        l -> new ParquetRowCounts(BeamFileOps.INSTANCE, l));
  }

  /** Publishes job {@code jobId}'s staged files over days {@code [fromDay, toDay)}. */
  public PublishReport publish(OutputLayout layout, String jobId, LocalDate fromDay,
      LocalDate toDay, Collection<String> stagedFiles, PublishPolicy policy) throws IOException {
    return publish(layout, jobId, Days.range(fromDay, toDay), stagedFiles, policy);
  }

  /**
   * Publishes job {@code jobId}'s staged files over {@code days}, touching only {@code layout}'s
   * tenant: its lease, journals, days and shrink counts.
   */
  public PublishReport publish(OutputLayout layout, String jobId, Days days,
      Collection<String> stagedFiles, PublishPolicy policy) throws IOException {
    return publish(layout, jobId, days, stagedFiles, policy, List.of());
  }

  /**
   * {@link #publish(OutputLayout, String, Days, Collection, PublishPolicy)}; with a policy that
   * keeps the tenant's {@link RefreshMark}, the journal also replaces the mark, whose open days
   * among {@code days} are {@code openDays} (the days whose statistics count open runs).
   */
  public PublishReport publish(OutputLayout layout, String jobId, Days days,
      Collection<String> stagedFiles, PublishPolicy policy, Collection<LocalDate> openDays)
      throws IOException {
    policy.hook.beforeLease(jobId);
    PublishLease lease = PublishLease.acquire(leases, PublishLease.path(layout), jobId, clock,
        policy.leaseWait, waiter, holder -> policy.hook.leaseBusy(jobId, holder));
    try {
      Publisher publisher = new Publisher(fs, clock);
      publisher.recoverAll(layout, jobId, lease::keepAlive);
      try {
        policy.filter.checkCompatible(fs, layout);
        if (!policy.allowShrink) {
          ShrinkGuard.refuseShrinks(publishedCounts.apply(layout),
              incomingRuns(layout, jobId, stagedFiles), days, layout.tenant(), false);
        }
      } catch (PublishRefusedException e) {
        new StagingCleaner(fs).removeStaging(layout, jobId, List.of());
        throw e;
      }
      lease.keepAlive();
      byte[] mark = policy.jobStart == null ? null
          : RefreshMark.next(RefreshMarks.read(fs, layout), policy.markAtStart, policy.jobStart,
              days, openDays).toJson();
      PublishJournal journal =
          publisher.plan(layout, jobId, days, stagedFiles, policy.rerunArgs, mark);
      policy.hook.beforeExecute(jobId);
      PublishReport report = publisher.execute(journal, lease::keepAlive);
      policy.filter.record(fs, layout);
      if (report.warning != null) {
        throw new IOException(report.warning);
      }
      cleanUp(layout, jobId, policy);
      return report;
    } finally {
      lease.release();
    }
  }

  /**
   * At the start of a job: rolls forward the journals of dead jobs if the lease is free now;
   * returns the warnings of journals moved aside. When another job holds the lease, recovery is
   * left to the publish step, which waits for it.
   */
  public List<String> recoverIfIdle(OutputLayout layout, String jobId) throws IOException {
    PublishLease lease =
        PublishLease.tryAcquire(leases, PublishLease.path(layout), jobId, clock);
    if (lease == null) {
      return List.of();
    }
    try {
      List<String> warnings = new ArrayList<>();
      for (PublishReport r : new Publisher(fs, clock).recoverAll(layout, jobId, lease::keepAlive)) {
        if (r.warning != null) {
          warnings.add(r.warning);
        }
      }
      return warnings;
    } finally {
      lease.release();
    }
  }

  /**
   * Runs per day of this job's staged run files, each read from staging or, for a retried bundle
   * that already moved it, from where it was published.
   */
  private Map<LocalDate, Long> incomingRuns(OutputLayout layout, String jobId,
      Collection<String> stagedFiles) throws IOException {
    String prefix = layout.relativize(layout.stagingDir(jobId));
    Map<LocalDate, Long> counts = new TreeMap<>();
    for (String staged : stagedFiles) {
      String rel = layout.relativize(staged);
      TableFile file = rel.startsWith(prefix) ? TableFile.parse(rel.substring(prefix.length()))
          : null;
      if (file == null || file.day == null || file.tableOrder() != 0) {
        continue;
      }
      String path = fs.exists(staged) ? staged : layout.resolve(file.relative);
      if (path != staged && !fs.exists(path)) {
        // A retried bundle after a refusal, which removed the staging: refuse again, clearly.
        throw new PublishRefusedException("publish refused: the staged files of job " + jobId
            + " are gone (an earlier attempt of this publish was refused and removed them, or"
            + " they were deleted); the published output is unchanged. Run the job again");
      }
      counts.merge(file.day, ParquetRowCounts.rows(path), Long::sum);
    }
    return counts;
  }

  private void cleanUp(OutputLayout layout, String jobId, PublishPolicy policy) {
    Cleanup cleanup = new Cleanup(fs);
    try {
      if (policy.resumeSpool != null) {
        cleanup.removeTree(policy.resumeSpool);
      }
      cleanup.keepNewestReports(layout, policy.keepReports, jobId);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Published, but could not clean up the resume spool or old reports", e);
    }
  }
}
