package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.publish.PublishHook;
import com.amperityworkflowruns.simulator.ApiSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job dies after writing its journal, and its staged files are lost: the next job moves the
 * journal aside with one line naming the days and the repair command, and proceeds; running that
 * command makes the output exact again.
 */
@Timeout(240)
class StuckJournalTest {
  @TempDir Path tmp;

  /** Deletes the job's staging folder, then dies (after the journal is written). */
  private static final class LoseStagingThenDie implements PublishHook {
    private final String output;

    LoseStagingThenDie(String output) {
      this.output = output;
    }

    @Override
    public void beforeExecute(String jobId) {
      try (Stream<Path> files = Files.walk(Path.of(output, "_tenants", "acme-demo", "_staging", jobId))) {
        for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
          Files.delete(p);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      throw new IllegalStateException("simulated death after the journal was written");
    }
  }

  @Test
  void givenJournalWithMissingStagedFiles_nextJobMovesItAsideNamingDaysAndRepairFixesThem() {
    // Arrange: a full backfill, then a rerun of 01-05..01-07 that dies with its staging lost
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(600).build())) {
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      Path out = tmp.resolve("out");
      assertThat(JobRun.launch(SimJob.args(sim, token, out)).exitCode).isZero();
      JobRun dead = JobRun.launch(Map.of(),
          SimJob.args(sim, token, out, LocalDate.of(2024, 1, 5), LocalDate.of(2024, 1, 8)),
          new LoseStagingThenDie(out.toString()));
      assertThat(dead.exitCode).as(dead.toString()).isEqualTo(1);
      assertThat(Files.list(out.resolve("_tenants/acme-demo/_journal")).toList()).hasSize(1);

      // Act 1: an unrelated job on the same output
      JobRun next = JobRun.launch(SimJob.args(sim, token, out, SimJob.FROM,
          LocalDate.of(2024, 1, 3)));

      // Assert 1: it proceeds, with one warning line naming the days and the repair command
      assertThat(next.exitCode).as(next.toString()).isZero();
      assertThat(next.errLines()).hasSize(1);
      String warning = next.errLines().get(0);
      assertThat(warning).startsWith("warning: the publish of job job-")
          .contains("day(s) 2024-01-05, 2024-01-06 of " + out + " may be missing runs")
          .contains("_journal/stuck/");
      assertThat(out.resolve("_tenants/acme-demo/_journal").resolve("stuck")).isDirectory();

      // Act 2: the repair command it printed, with the credentials option added
      Matcher m = Pattern.compile("Repair: java -jar amperity-workflow-runs.jar (.*) \\(with your"
          + " credentials options\\)$").matcher(warning);
      assertThat(m.find()).as(warning).isTrue();
      List<String> repair = new ArrayList<>(List.of(m.group(1).split(" ")));
      repair.add("--tokenFile=" + token);
      JobRun repaired = JobRun.launch(repair);

      // Assert 2
      assertThat(repaired.exitCode).as(repaired.toString()).isZero();
      assertThat(m.group(1)).contains("--createdFrom=2024-01-05 --createdTo=2024-01-07");
      OutputAssert.outputEqualsTruth(out, Truth.of(sim.tenant(), SimJob.FROM, SimJob.TO));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
