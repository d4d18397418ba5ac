package com.amperityworkflowruns.publish;

import static com.amperityworkflowruns.sink.Fixtures.directories;
import static com.amperityworkflowruns.sink.Fixtures.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amperityworkflowruns.sink.BeamFileOps;
import com.amperityworkflowruns.sink.FailingFileOps;
import com.amperityworkflowruns.sink.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublisherTest {
  private static final LocalDate MAY_1 = LocalDate.parse("2024-05-01");
  private static final LocalDate MAY_2 = LocalDate.parse("2024-05-02");
  private static final LocalDate MAY_3 = LocalDate.parse("2024-05-03");
  private static final LocalDate MAY_4 = LocalDate.parse("2024-05-04");
  private static final Clock NOW = Clock.systemUTC();

  @TempDir Path temp;

  private static String stage(OutputLayout layout, String jobId, String rel, String content) {
    String path = layout.stagingDir(jobId) + rel;
    Fixtures.write(Path.of(path), content);
    return path;
  }

  /** Job 1 publishes runs, stats and rejects for May 1-3. */
  private static OutputLayout publishedByJob1(Path root) throws IOException {
    OutputLayout layout = OutputLayout.of(root.toString());
    List<String> staged = new ArrayList<>();
    for (LocalDate day : List.of(MAY_1, MAY_2, MAY_3)) {
      staged.add(stage(layout, "job-1",
          "workflow_runs/created_date=" + day + "/part-job-1-00000-of-00001.parquet",
          "job-1 runs " + day));
      staged.add(stage(layout, "job-1", "workflow_type_stats/" + day + ".parquet",
          "job-1 stats " + day));
      staged.add(stage(layout, "job-1", "rejects/" + day + ".parquet", "job-1 rejects " + day));
    }
    Publisher.create().publish(layout, "job-1", MAY_1, MAY_4, staged);
    return layout;
  }

  /** Job 2 replaces May 2-3: two runs shards and stats for May 2, nothing at all for May 3. */
  private static List<String> stageJob2(OutputLayout layout) {
    List<String> staged = new ArrayList<>();
    for (int shard = 0; shard < 2; shard++) {
      staged.add(stage(layout, "job-2", "workflow_runs/created_date=2024-05-02/part-job-2-0000"
          + shard + "-of-00002.parquet", "job-2 runs shard " + shard));
    }
    staged.add(stage(layout, "job-2", "workflow_type_stats/2024-05-02.parquet", "job-2 stats"));
    Fixtures.write(Path.of(layout.stagingDir("job-2"), ".temp-beam", ".temp-beam-0f1e", "left"),
        "FileIO leftover");
    return staged;
  }

  private static Map<String, String> expectedAfterJob2() {
    Map<String, String> expected = new TreeMap<>();
    expected.put("workflow_runs/created_date=2024-05-01/part-job-1-00000-of-00001.parquet",
        "job-1 runs 2024-05-01");
    expected.put("workflow_runs/created_date=2024-05-02/part-job-2-00000-of-00002.parquet",
        "job-2 runs shard 0");
    expected.put("workflow_runs/created_date=2024-05-02/part-job-2-00001-of-00002.parquet",
        "job-2 runs shard 1");
    expected.put("workflow_type_stats/2024-05-01.parquet", "job-1 stats 2024-05-01");
    expected.put("workflow_type_stats/2024-05-02.parquet", "job-2 stats");
    expected.put("rejects/2024-05-01.parquet", "job-1 rejects 2024-05-01");
    return expected;
  }

  @Test
  void firstPublish_movesEveryStagedFileAndRemovesStagingAndJournal() throws IOException {
    Path root = temp.resolve("out");

    publishedByJob1(root);

    assertThat(files(root)).hasSize(9)
        .containsEntry("workflow_type_stats/2024-05-02.parquet", "job-1 stats 2024-05-02")
        .containsEntry("workflow_runs/created_date=2024-05-03/part-job-1-00000-of-00001.parquet",
            "job-1 runs 2024-05-03");
    assertThat(directories(root)).containsExactly("rejects", "workflow_runs",
        "workflow_runs/created_date=2024-05-01", "workflow_runs/created_date=2024-05-02",
        "workflow_runs/created_date=2024-05-03", "workflow_type_stats");
  }

  @Test
  void secondPublishOfSameDays_replacesThemExactlyAndLeavesOtherDaysAlone() throws IOException {
    Path root = temp.resolve("out");
    OutputLayout layout = publishedByJob1(root);
    List<String> staged = stageJob2(layout);

    PublishReport report = Publisher.create().publish(layout, "job-2", MAY_2, MAY_4, staged);

    assertThat(files(root)).isEqualTo(expectedAfterJob2());
    assertThat(directories(root)).containsExactly("rejects", "workflow_runs",
        "workflow_runs/created_date=2024-05-01", "workflow_runs/created_date=2024-05-02",
        "workflow_type_stats");
    assertThat(report.filesPublished).isEqualTo(3);
    // runs May 2 + May 3, stats May 3, rejects May 2 + May 3; stats May 2 is replaced by a move.
    assertThat(report.filesDeleted).isEqualTo(5);
    assertThat(report.daysReplaced).isEqualTo(2);
  }

  @Test
  void publishRetriedAfterSuccess_changesNothing() throws IOException {
    Path root = temp.resolve("out");
    OutputLayout layout = publishedByJob1(root);
    List<String> staged = stageJob2(layout);
    Publisher.create().publish(layout, "job-2", MAY_2, MAY_4, staged);

    PublishReport again = Publisher.create().publish(layout, "job-2", MAY_2, MAY_4, staged);

    assertThat(files(root)).isEqualTo(expectedAfterJob2());
    assertThat(again.filesDeleted).isZero();
  }

  @Test
  void crashAfterAnyNumberOfJournalSteps_recoverGivesTheFullPublish() throws IOException {
    Path cleanRoot = temp.resolve("clean");
    OutputLayout clean = publishedByJob1(cleanRoot);
    Publisher.create().publish(clean, "job-2", MAY_2, MAY_4, stageJob2(clean));
    Map<String, String> expectedFiles = files(cleanRoot);
    List<String> expectedDirs = directories(cleanRoot);

    int k = 0;
    for (boolean crashed = true; crashed; k++) {
      Path root = temp.resolve("crash-" + k);
      OutputLayout layout = publishedByJob1(root);
      PublishJournal journal =
          Publisher.create().plan(layout, "job-2", MAY_2, MAY_4, stageJob2(layout));
      try {
        new Publisher(new FailingFileOps(k), NOW).execute(journal);
        crashed = false;
      } catch (FailingFileOps.SimulatedCrash expected) {
        // the output is now half-published; only recovery may touch it
      }

      List<PublishReport> recovered = Publisher.recover(layout);

      assertThat(files(root)).as("after a crash at step %d", k).isEqualTo(expectedFiles);
      // A crash while tidying staging can leave empty directories whose names only the deleted
      // files knew; they hold no file (checked above) and are invisible to readers.
      List<String> dirs = directories(root);
      dirs.removeIf(d -> d.startsWith("_staging"));
      assertThat(dirs).as("after a crash at step %d", k).isEqualTo(expectedDirs);
      assertThat(recovered).hasSizeLessThanOrEqualTo(crashed ? 1 : 0);
    }
    assertThat(k).as("journal steps exercised").isGreaterThan(8);
  }

  @Test
  void crashWhileWritingTheJournal_leavesPublishedOutputIntact() throws IOException {
    for (int step = 0; step < 2; step++) {
      int k = step;
      Path root = temp.resolve("crash-" + k);
      OutputLayout layout = publishedByJob1(root);
      Map<String, String> before = files(root);
      List<String> staged = stageJob2(layout);

      assertThatThrownBy(() -> new Publisher(new FailingFileOps(k), NOW)
          .plan(layout, "job-2", MAY_2, MAY_4, staged))
          .isInstanceOf(FailingFileOps.SimulatedCrash.class);
      Publisher.recover(layout);

      Map<String, String> published = new TreeMap<>(files(root));
      published.keySet().removeIf(p -> p.startsWith("_staging/") || p.startsWith("_journal/"));
      assertThat(published).isEqualTo(before);
      assertThat(Path.of(layout.journalFile("job-2"))).doesNotExist();
    }
  }

  @Test
  void journalNeverExecuted_leavesPublishedOutputIntactUntilRecovered() throws IOException {
    Path root = temp.resolve("out");
    OutputLayout layout = publishedByJob1(root);
    Map<String, String> before = files(root);

    Publisher.create().plan(layout, "job-2", MAY_2, MAY_4, stageJob2(layout));

    Map<String, String> published = new TreeMap<>(files(root));
    published.keySet().removeIf(p -> p.startsWith("_staging/") || p.startsWith("_journal/"));
    assertThat(published).isEqualTo(before);
    assertThat(Path.of(layout.journalFile("job-2"))).exists();

    Publisher.recover(layout);
    assertThat(files(root)).isEqualTo(expectedAfterJob2());
  }

  @Test
  void journal_isCompleteJsonWithDeletesBeforeMovesPerPartition() throws IOException {
    OutputLayout layout = publishedByJob1(temp.resolve("out"));

    PublishJournal journal =
        Publisher.create().plan(layout, "job-2", MAY_2, MAY_4, stageJob2(layout));

    assertThat(journal.operations).extracting(Object::toString).containsExactly(
        "delete workflow_runs/created_date=2024-05-02/part-job-1-00000-of-00001.parquet",
        "move _staging/job-2/workflow_runs/created_date=2024-05-02/part-job-2-00000-of-00002"
            + ".parquet -> workflow_runs/created_date=2024-05-02/part-job-2-00000-of-00002.parquet",
        "move _staging/job-2/workflow_runs/created_date=2024-05-02/part-job-2-00001-of-00002"
            + ".parquet -> workflow_runs/created_date=2024-05-02/part-job-2-00001-of-00002.parquet",
        "move _staging/job-2/workflow_type_stats/2024-05-02.parquet"
            + " -> workflow_type_stats/2024-05-02.parquet",
        "delete rejects/2024-05-02.parquet",
        "delete workflow_runs/created_date=2024-05-03/part-job-1-00000-of-00001.parquet",
        "delete workflow_type_stats/2024-05-03.parquet",
        "delete rejects/2024-05-03.parquet");
    byte[] stored = Files.readAllBytes(Path.of(layout.journalFile("job-2")));
    assertThat(PublishJournal.fromJson(stored, layout, "test")).isEqualTo(journal);
    assertThat(Path.of(layout.journalFile("job-2") + ".tmp")).doesNotExist();
  }

  @Test
  void stagedFileOutsideTheRange_isRefusedBeforeAnyChange() throws IOException {
    Path root = temp.resolve("out");
    OutputLayout layout = publishedByJob1(root);
    Map<String, String> before = files(root);
    String outside = stage(layout, "job-2", "rejects/2024-05-09.parquet", "late");

    assertThatThrownBy(() -> Publisher.create()
        .publish(layout, "job-2", MAY_2, MAY_4, List.of(outside)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside the published days [2024-05-02, 2024-05-04)");
    assertThat(Path.of(layout.journalFile("job-2"))).doesNotExist();
    before.put("_staging/job-2/rejects/2024-05-09.parquet", "late");
    assertThat(files(root)).isEqualTo(before);
  }

  @Test
  void reversedRange_isRefused() {
    OutputLayout layout = OutputLayout.of(temp.toString());

    assertThatThrownBy(() -> Publisher.create().plan(layout, "job-2", MAY_3, MAY_2, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fromDay <= toDay");
  }

  @Test
  void recover_removesOnlyAbandonedStagingOlderThanADay() throws IOException {
    Path root = temp.resolve("out");
    OutputLayout layout = publishedByJob1(root);
    stage(layout, "dead-job", "rejects/2024-05-02.parquet", "garbage");
    stage(layout, "running-job", "rejects/2024-05-02.parquet", "in progress");
    Clock now = Clock.fixed(Instant.now(), ZoneOffset.UTC);
    Clock twoDaysLater = Clock.offset(now, Duration.ofDays(2));

    new Publisher(BeamFileOps.INSTANCE, now).recoverAll(layout, null);
    assertThat(Path.of(layout.stagingDir("dead-job"))).exists();

    new Publisher(BeamFileOps.INSTANCE, twoDaysLater).recoverAll(layout, "running-job");
    assertThat(Path.of(layout.stagingDir("dead-job"))).doesNotExist();
    assertThat(Path.of(layout.stagingDir("running-job"))).exists();
    assertThat(files(root)).hasSize(10);
  }
}
