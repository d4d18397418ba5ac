package com.amperityworkflowruns.sink;

import com.amperityworkflowruns.publish.FileOps;
import com.amperityworkflowruns.publish.LeaseStore;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.publish.PublishJournal;
import com.amperityworkflowruns.publish.PublishLease;
import com.amperityworkflowruns.publish.PublishRefusedException;
import com.amperityworkflowruns.publish.PublishReport;
import com.amperityworkflowruns.publish.Publisher;
import com.amperityworkflowruns.publish.StagingCleaner;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Moves an output written before outputs held several tenants ({@link LegacyOutput}) to the
 * per-tenant layout of one tenant, losing nothing; safe to interrupt at any point and run again.
 *
 * <pre>{@code
 * MigrationReport report = LegacyMigration.of("gs://bucket/runs", "acme").run();
 * }</pre>
 *
 * <p>Steps: take the old output-wide lease ({@code {output}/_lease.json}, so that a job of the
 * version before cannot publish meanwhile), the tenant's lease, and an expired old stream lease;
 * roll forward the journals of old jobs that died while publishing, and an interrupted migration;
 * rewrite into the tenant's staging folder the files whose columns change ({@link
 * MigrationPlan}); write one publish journal ({@code _tenants/T/_journal/migrate-legacy-layout.json})
 * and execute it with {@link Publisher#execute}. A migration killed before its journal exists
 * changed nothing published (its staging is cleared by the next run); killed after, the next
 * run rolls the journal forward. Until then the output still holds old files, so jobs refuse it.
 */
public final class LegacyMigration {
  private final FileOps fs;
  private final Clock clock;
  private final LeaseStore leases;
  private final PublishLease.Waiter waiter;
  private final Duration leaseWait;
  private final OutputLayout old;
  private final OutputLayout layout;

  LegacyMigration(FileOps fs, Clock clock, LeaseStore leases, PublishLease.Waiter waiter,
      Duration leaseWait, String output, String tenant) {
    this.fs = fs;
    this.clock = clock;
    this.leases = leases;
    this.waiter = waiter;
    this.leaseWait = leaseWait;
    this.old = OutputLayout.of(output);
    this.layout = old.forTenant(tenant);
  }

  /**
   * The migration of {@code output} to tenant {@code tenant}, on Beam's file systems, waiting up
   * to the lease's lifetime for a job that publishes.
   *
   * @throws IllegalArgumentException when the output is not absolute or the tenant not a name
   */
  public static LegacyMigration of(String output, String tenant) {
    OutputLayout root = OutputLayout.of(output);
    return new LegacyMigration(BeamFileOps.INSTANCE, Clock.systemUTC(),
        LeaseStore.forRoot(root.root()), PublishLease.Waiter.SLEEP, PublishLease.TTL, output,
        tenant);
  }

  /**
   * Migrates the output, or reports that there is nothing to migrate (no old files, some of the
   * per-tenant layout).
   *
   * @throws IllegalArgumentException when the output holds neither layout, or a migration to
   *     another tenant was interrupted (bad input: nothing was changed)
   * @throws PublishRefusedException when a job publishes or a stream job writes (nothing changed)
   * @throws IOException when a file cannot be read or written (run it again)
   */
  public MigrationReport run() throws IOException {
    if (!pending()) {
      return nothingToMigrate();
    }
    refuseInterruptedMigrationOfAnotherTenant();
    String holder = "migrate-" + UUID.randomUUID().toString().substring(0, 8);
    List<PublishLease> held = new ArrayList<>();
    MigrationPlan plan;
    try {
      held.add(acquire(PublishLease.path(old), holder));
      held.add(acquire(PublishLease.path(layout), holder));
      takeStreamLease(holder, held);
      if (!pending()) {
        return nothingToMigrate(); // another migrate finished it while we waited for the lease
      }
      plan = migrate(() -> {
        for (PublishLease lease : held) {
          lease.keepAlive();
        }
      });
    } finally {
      Collections.reverse(held);
      held.forEach(PublishLease::release);
    }
    removeEmptyFolders(plan);
    return MigrationReport.of(old.root(), layout.tenant(), plan.counts,
        new ArrayList<>(plan.days));
  }

  /** Whether old files remain, or the journal of an interrupted migration. */
  private boolean pending() throws IOException {
    return LegacyOutput.isLegacy(fs, old) || fs.exists(layout.journalFile(MigrationPlan.JOB_ID));
  }

  private MigrationReport nothingToMigrate() throws IOException {
    if (!hasTenantLayout()) {
      throw new IllegalArgumentException(old.root() + " is not an output of this job: it has"
          + " no workflow_runs, workflow_type_stats, rejects or stream tables (is --output the"
          + " folder the job wrote to?)");
    }
    return MigrationReport.nothingToMigrate(old.root(), layout.tenant());
  }

  private MigrationPlan migrate(Publisher.BeforeChange guard) throws IOException {
    Publisher publisher = new Publisher(fs, clock);
    int recovered = publisher.recoverAll(old, null, guard).size();
    long resumed = 0;
    for (PublishReport r : publisher.recoverAll(layout, null, guard)) {
      resumed += r.jobId.equals(MigrationPlan.JOB_ID) ? r.filesPublished : 0;
    }
    new StagingCleaner(fs).removeStaging(layout, MigrationPlan.JOB_ID, List.of());
    MigrationPlan plan = MigrationPlan.of(fs, old, layout);
    plan.counts.recovered = recovered;
    plan.counts.resumed = resumed;
    if (plan.operations.isEmpty()) {
      return plan; // an interrupted run's journal, rolled forward above, did it all
    }
    for (MigrationPlan.Rewrite r : plan.rewrites) {
      guard.check();
      Set<String> before = new TreeSet<>(
          ParquetRewrite.rewrite(r.from, r.to, r.schema, layout.tenant()));
      before.remove(layout.tenant());
      if (r.runs) {
        plan.counts.otherTenants.addAll(before);
      }
    }
    PublishJournal journal = plan.journal();
    guard.check();
    String file = layout.journalFile(MigrationPlan.JOB_ID);
    fs.write(file + ".tmp", journal.toJson());
    fs.rename(file + ".tmp", file);
    PublishReport report = publisher.execute(journal, guard);
    if (report.warning != null) {
      throw new IOException(report.warning);
    }
    return plan;
  }

  private PublishLease acquire(String path, String holder) throws IOException {
    return PublishLease.acquire(leases, path, holder, clock, leaseWait, waiter, busy -> { });
  }

  /** Takes the old stream lease when there is one (it expired); refuses while it is live. */
  private void takeStreamLease(String holder, List<PublishLease> held) throws IOException {
    String path = StreamLease.path(old);
    if (leases.read(path) == null) {
      return;
    }
    PublishLease lease = PublishLease.tryAcquire(leases, path, holder, clock);
    if (lease == null) {
      throw new PublishRefusedException("a stream job writes " + old.root() + " (it holds "
          + path + "): stop it first (drain it and wait until it has finished), then run migrate"
          + " again; nothing was changed");
    }
    held.add(lease);
  }

  /** A migration of this output to another tenant left a journal: finish that one first. */
  private void refuseInterruptedMigrationOfAnotherTenant() throws IOException {
    String journal = OutputLayout.JOURNAL + "/" + MigrationPlan.JOB_ID + ".json";
    for (FileOps.FileInfo f : fs.list(old.resolve(OutputLayout.TENANTS + "/*/" + journal))) {
      String rel = old.relativize(f.path);
      String other = rel.substring(OutputLayout.TENANTS.length() + 1, rel.indexOf('/',
          OutputLayout.TENANTS.length() + 1));
      if (!other.equals(layout.tenant())) {
        throw new IllegalArgumentException("a migration of " + old.root() + " to tenant "
            + other + " was interrupted; finish it first: java -jar amperity-workflow-runs.jar"
            + " migrate --output=" + old.root() + " --tenant=" + other);
      }
    }
  }

  private boolean hasTenantLayout() throws IOException {
    List<String> tables = new ArrayList<>(List.of(OutputLayout.RUNS, OutputLayout.STATS,
        OutputLayout.REJECTS));
    tables.addAll(LegacyOutput.STREAM_TABLES);
    for (String table : tables) {
      if (!fs.list(old.resolve(table + "/" + OutputLayout.TENANT_KEY + "*/**")).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** Removes the old layout's folders left empty (local disks; object stores have none). */
  private void removeEmptyFolders(MigrationPlan plan) {
    Set<String> dirs = new TreeSet<>();
    for (PublishJournal.Operation op : plan.operations) {
      String parent = StagingCleaner.parentDir(op.path);
      for (String p = parent; !p.isEmpty(); p = StagingCleaner.parentDir(
          p.substring(0, p.length() - 1))) {
        dirs.add(p);
      }
    }
    dirs.add(StreamProgress.STATE_DIR + "/");
    List<String> deepestFirst = new ArrayList<>(dirs);
    deepestFirst.sort((a, b) -> b.length() - a.length());
    deepestFirst.forEach(d -> fs.removeEmptyDirectory(old.resolve(d)));
  }
}
