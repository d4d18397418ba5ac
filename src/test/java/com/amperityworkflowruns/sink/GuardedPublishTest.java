package com.amperityworkflowruns.sink;

import static com.amperityworkflowruns.sink.Fixtures.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amperityworkflowruns.model.Days;
import com.amperityworkflowruns.publish.Cleanup;
import com.amperityworkflowruns.publish.FileOps;
import com.amperityworkflowruns.publish.InMemoryLeaseStore;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.publish.PublishHook;
import com.amperityworkflowruns.publish.PublishJournal;
import com.amperityworkflowruns.publish.PublishLease;
import com.amperityworkflowruns.publish.PublishPolicy;
import com.amperityworkflowruns.publish.PublishRefusedException;
import com.amperityworkflowruns.publish.PublishReport;
import com.amperityworkflowruns.publish.Publisher;
import com.amperityworkflowruns.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guarded publish: shrink guard, lease, recovery of dead jobs, stuck journals, clean-up. */
class GuardedPublishTest {
  private static final LocalDate MAY_1 = LocalDate.parse("2024-05-01");
  private static final LocalDate MAY_2 = LocalDate.parse("2024-05-02");
  private static final LocalDate MAY_3 = LocalDate.parse("2024-05-03");
  private static final LocalDate MAY_4 = LocalDate.parse("2024-05-04");
  private static final Instant T0 = Instant.parse("2026-11-29T12:00:00Z");

  @TempDir Path temp;
  private final MutableClock clock = new MutableClock(T0);
  private final InMemoryLeaseStore leases = new InMemoryLeaseStore();
  private final List<Duration> waits = new ArrayList<>();

  /** Waiting advances the test clock instead of sleeping. */
  private final PublishLease.Waiter waiter = d -> {
    waits.add(d);
    clock.advance(d);
  };

  private GuardedPublish guarded(FileOps fs) {
    return new GuardedPublish(fs, clock, leases, waiter, l -> new ParquetRowCounts(fs, l));
  }

  private GuardedPublish guarded() {
    return guarded(BeamFileOps.INSTANCE);
  }

  private OutputLayout publishedTenRunsADay() throws Exception {
    OutputLayout layout = OutputLayout.of(temp.resolve("out").toString());
    guarded().publish(layout, "job-1", MAY_1, MAY_4,
        RunFiles.stageDays(layout, "job-1", MAY_1, MAY_4, 10), PublishPolicy.defaults());
    return layout;
  }

  /** The published table files (not staging, journals or leases), path to content hash. */
  private Map<String, String> published(OutputLayout layout) {
    Map<String, String> out = new java.util.TreeMap<>();
    files(Path.of(layout.root())).forEach((path, content) -> {
      if (path.startsWith("workflow_runs/") || path.startsWith("workflow_type_stats/")
          || path.startsWith("rejects/")) {
        out.put(path, Integer.toHexString(content.hashCode()));
      }
    });
    return out;
  }

  @Test
  void givenDayThatWouldLoseAllItsRuns_publishIsRefusedNamingDaysAndCountsAndChangesNothing()
      throws Exception {
    // Arrange: May 2 gets no runs, May 3 keeps 10
    OutputLayout layout = publishedTenRunsADay();
    Map<String, String> before = published(layout);
    List<String> staged = List.of(RunFiles.stage(layout, "job-2", MAY_3, 10));

    // Act + Assert
    assertThatThrownBy(() -> guarded().publish(layout, "job-2", MAY_2, MAY_4, staged,
        PublishPolicy.defaults()))
        .isInstanceOf(PublishRefusedException.class)
        .hasMessageStartingWith("publish refused: 1 day(s) would lose runs (10 -> 0 runs:"
            + " 2024-05-02 10 -> 0); the published output is unchanged")
        .hasMessageContaining("--allowShrink");
    assertThat(published(layout)).isEqualTo(before);
    assertThat(leases.read(PublishLease.path(layout))).as("lease released").isNull();
  }

  @Test
  void givenRetryOfARefusedPublish_itIsRefusedAgainSayingTheStagedFilesAreGone()
      throws Exception {
    // Arrange: a refused publish removed job-2's staging
    OutputLayout layout = publishedTenRunsADay();
    List<String> staged = List.of(RunFiles.stage(layout, "job-2", MAY_2, 1));
    org.assertj.core.api.Assertions.catchThrowable(() -> guarded().publish(layout, "job-2", MAY_2,
        MAY_3, staged, PublishPolicy.defaults()));
    Map<String, String> before = published(layout);

    // Act + Assert: the runner retries the bundle
    assertThatThrownBy(() -> guarded().publish(layout, "job-2", MAY_2, MAY_3, staged,
        PublishPolicy.defaults()))
        .isInstanceOf(PublishRefusedException.class)
        .hasMessageContaining("the staged files of job job-2 are gone");
    assertThat(published(layout)).isEqualTo(before);
  }

  @Test
  void givenLossOfOneRunMoreThanTenPercent_refused_andOfExactlyTenPercent_published()
      throws Exception {
    // Arrange: 100 runs on May 2
    OutputLayout layout = OutputLayout.of(temp.resolve("out").toString());
    guarded().publish(layout, "job-1", MAY_2, MAY_3,
        List.of(RunFiles.stage(layout, "job-1", MAY_2, 100)), PublishPolicy.defaults());

    // Act
    Throwable elevenPercent = org.assertj.core.api.Assertions.catchThrowable(() ->
        guarded().publish(layout, "job-2", MAY_2, MAY_3,
            List.of(RunFiles.stage(layout, "job-2", MAY_2, 89)), PublishPolicy.defaults()));
    PublishReport tenPercent = guarded().publish(layout, "job-3", MAY_2, MAY_3,
        List.of(RunFiles.stage(layout, "job-3", MAY_2, 90)), PublishPolicy.defaults());

    // Assert
    assertThat(elevenPercent).isInstanceOf(PublishRefusedException.class)
        .hasMessageContaining("2024-05-02 100 -> 89");
    assertThat(tenPercent.filesPublished).isEqualTo(1);
    assertThat(new ParquetRowCounts(BeamFileOps.INSTANCE, layout).runsPerDay(MAY_1, MAY_4))
        .containsExactly(java.util.Map.entry(MAY_2, 90L));
  }

  @Test
  void givenAllowShrink_dayIsEmptied() throws Exception {
    // Arrange
    OutputLayout layout = publishedTenRunsADay();

    // Act
    guarded().publish(layout, "job-2", MAY_2, MAY_3, List.of(),
        PublishPolicy.defaults().withAllowShrink(true));

    // Assert
    assertThat(new ParquetRowCounts(BeamFileOps.INSTANCE, layout).runsPerDay(MAY_1, MAY_4))
        .containsOnlyKeys(MAY_1, MAY_3);
  }

  @Test
  void givenRetriedPublishOfTheSameJob_secondRunIsIdempotentAndNotRefused() throws Exception {
    // Arrange
    OutputLayout layout = publishedTenRunsADay();
    List<String> staged = RunFiles.stageDays(layout, "job-2", MAY_2, MAY_4, 10);
    guarded().publish(layout, "job-2", MAY_2, MAY_4, staged, PublishPolicy.defaults());
    Map<String, String> after = published(layout);

    // Act
    PublishReport again =
        guarded().publish(layout, "job-2", MAY_2, MAY_4, staged, PublishPolicy.defaults());

    // Assert
    assertThat(again.filesDeleted).isZero();
    assertThat(published(layout)).isEqualTo(after);
  }

  @Test
  void givenLiveLeaseOfAnotherJob_waitsUpToLeaseWaitThenRefusesNamingTheHolder()
      throws Exception {
    // Arrange
    OutputLayout layout = publishedTenRunsADay();
    Map<String, String> before = published(layout);
    PublishLease.acquire(leases, PublishLease.path(layout), "job-other", clock, Duration.ZERO,
        waiter, h -> {});
    List<String> staged = RunFiles.stageDays(layout, "job-2", MAY_2, MAY_4, 10);
    List<String> busy = new ArrayList<>();
    PublishPolicy policy = PublishPolicy.defaults().withLeaseWait(Duration.ofSeconds(10))
        .withHook(new PublishHook() {
          @Override
          public void leaseBusy(String jobId, String holder) {
            busy.add(holder);
          }
        });

    // Act + Assert
    assertThatThrownBy(() -> guarded().publish(layout, "job-2", MAY_2, MAY_4, staged, policy))
        .isInstanceOf(PublishRefusedException.class)
        .hasMessageStartingWith("the output is being published by job job-other (lease until ")
        .hasMessageContaining("waited PT10S")
        .hasMessageContaining("--leaseWait");
    assertThat(waits.stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(Duration.ofSeconds(10));
    assertThat(busy).hasSize(10).containsOnly("job-other");
    assertThat(published(layout)).isEqualTo(before);
  }

  @Test
  void givenCrashMidPublishWithLeaseHeld_nextJobWaitsForExpiryThenRollsForwardAndPublishes()
      throws Exception {
    // Arrange: job-2 takes the lease, writes its journal and dies after 3 changes
    OutputLayout layout = publishedTenRunsADay();
    List<String> staged2 = RunFiles.stageDays(layout, "job-2", MAY_2, MAY_4, 12);
    PublishLease.acquire(leases, PublishLease.path(layout), "job-2", clock, Duration.ZERO,
        waiter, h -> {});
    PublishJournal journal = new Publisher(BeamFileOps.INSTANCE, clock)
        .plan(layout, "job-2", MAY_2, MAY_4, staged2);
    assertThatThrownBy(() -> new Publisher(new FailingFileOps(3), clock).execute(journal))
        .isInstanceOf(FailingFileOps.SimulatedCrash.class);
    Map<String, String> halfDone = published(layout);
    List<String> staged3 = List.of(RunFiles.stage(layout, "job-3", MAY_1, 11));

    // Act 1: a minute later the lease is still live
    clock.advance(Duration.ofMinutes(1));
    Throwable early = org.assertj.core.api.Assertions.catchThrowable(() -> guarded().publish(
        layout, "job-3", MAY_1, MAY_2, staged3, PublishPolicy.defaults().withLeaseWait(Duration.ZERO)));

    // Assert 1: refused, and job-2's journal was not rolled forward under its live lease
    assertThat(early).isInstanceOf(PublishRefusedException.class).hasMessageContaining("job-2");
    assertThat(published(layout)).isEqualTo(halfDone);

    // Act 2: job-3 again, waiting up to 5 minutes: the lease expires 2 minutes after it was taken
    PublishReport report = guarded().publish(layout, "job-3", MAY_1, MAY_2, staged3,
        PublishPolicy.defaults());

    // Assert 2: job-2's days are complete (12 a day), job-3's day has its 11 runs
    assertThat(report.filesPublished).isEqualTo(1);
    assertThat(new ParquetRowCounts(BeamFileOps.INSTANCE, layout).runsPerDay(MAY_1, MAY_4))
        .containsExactlyEntriesOf(new java.util.TreeMap<>(
            Map.of(MAY_1, 11L, MAY_2, 12L, MAY_3, 12L)));
    assertThat(Path.of(layout.journalFile("job-2"))).doesNotExist();
    assertThat(Path.of(layout.stagingDir("job-2"))).doesNotExist();
    assertThat(clock.instant()).isAfterOrEqualTo(T0.plus(PublishLease.TTL));
  }

  @Test
  void givenJournalWhoseStagedFilesAreGone_itIsMovedAsideWithARepairLineAndOthersProceed()
      throws Exception {
    // Arrange: job-2's journal is written, then its staging folder disappears
    OutputLayout layout = publishedTenRunsADay();
    new Publisher(BeamFileOps.INSTANCE, clock).plan(layout, "job-2", Days.range(MAY_2, MAY_4),
        RunFiles.stageDays(layout, "job-2", MAY_2, MAY_4, 10), "--tenant=acme --output=" + layout.root(),
        null);
    new Cleanup(BeamFileOps.INSTANCE).removeTree(layout.stagingDir("job-2"));

    // Act
    List<String> warnings = guarded().recoverIfIdle(layout, "job-3");
    PublishReport next = guarded().publish(layout, "job-3", MAY_1, MAY_2,
        List.of(RunFiles.stage(layout, "job-3", MAY_1, 10)), PublishPolicy.defaults());

    // Assert
    assertThat(warnings).containsExactly("warning: the publish of job job-2 could not be completed"
        + " (staged files are gone), so day(s) 2024-05-02, 2024-05-03 of " + layout.root()
        + " may be missing runs; its journal was moved to " + layout.root()
        + "/_journal/stuck/job-2.json and other jobs proceed. Repair: java -jar"
        + " amperity-workflow-runs.jar --tenant=acme --output=" + layout.root()
        + " --createdFrom=2024-05-02 --createdTo=2024-05-04 (with your credentials options)");
    assertThat(Path.of(layout.journalFile("job-2"))).doesNotExist();
    assertThat(Path.of(layout.root(), "_journal/stuck/job-2.json")).exists();
    assertThat(next.filesPublished).isEqualTo(1);
  }

  @Test
  void givenPublished_resumeSpoolIsDeletedAndOnlyTheNewestReportsKept() throws Exception {
    // Arrange
    OutputLayout layout = publishedTenRunsADay();
    Path spool = temp.resolve("out/_resume/2024-05-02_2024-05-04-abc");
    Fixtures.write(spool.resolve("shard-1-2/page-0.jsonl"), "{}\n");
    for (int i = 1; i <= 4; i++) {
      Fixtures.write(temp.resolve("out/_reports/job-2024010" + i + "-000000-aaaa/summary.jsonl"),
          "{}\n");
    }

    // Act
    guarded().publish(layout, "job-20240105-000000-bbbb", MAY_2, MAY_4,
        RunFiles.stageDays(layout, "job-20240105-000000-bbbb", MAY_2, MAY_4, 10),
        PublishPolicy.defaults().withResumeSpool(spool.toString()).withKeepReports(2));

    // Assert
    assertThat(spool).doesNotExist();
    assertThat(temp.resolve("out/_resume")).doesNotExist();
    try (var reports = Files.list(temp.resolve("out/_reports"))) {
      assertThat(reports.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("job-20240103-000000-aaaa", "job-20240104-000000-aaaa");
    }
  }
}
