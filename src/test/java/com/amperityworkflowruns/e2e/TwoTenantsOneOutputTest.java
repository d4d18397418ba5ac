package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.simulator.ApiSimulator;
import com.amperityworkflowruns.publish.PublishHook;
import com.amperityworkflowruns.simulator.SimulatorConfig;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A production tenant and a sandbox tenant published into one output, as customers do: whichever
 * runs first, and whichever is larger, each tenant's tables equal its own API, a job never
 * changes a byte of the other tenant's files, and the shrink guard counts only the job's tenant.
 */
@Timeout(300)
class TwoTenantsOneOutputTest {
  private static final String SMALL = "acme-sandbox";
  private static final String LARGE = "acme-prod";

  @TempDir Path tmp;

  /** About 300 runs for the sandbox, 1,500 for production, over the same two weeks. */
  private static SimulatorConfig tenant(String name) {
    return SMALL.equals(name)
        ? SimJob.tenant(300).tenant(SMALL).seed(11L).badRecordRate(0.02).build()
        : SimJob.tenant(1500).tenant(LARGE).seed(29L).badRecordRate(0.02).build();
  }

  private JobRun run(ApiSimulator sim, Path out, LocalDate from, LocalDate to) {
    Path token = SimJob.secretFile(tmp, "token-" + sim.config().tenant(), sim.config().staticToken());
    return JobRun.launch(SimJob.args(sim, token, out, from, to));
  }

  /** One tenant's published files, by path, with their digests. */
  private static Map<String, String> filesOf(Path out, String tenant) {
    Map<String, String> files = new TreeMap<>();
    Snapshot.published(out).forEach((f, digest) -> {
      if (f.contains("/tenant=" + tenant + "/")) {
        files.put(f, digest);
      }
    });
    return files;
  }

  private static void tenantEqualsTruth(Path out, Truth truth) {
    OutputTables tables = new OutputTables(out).tenant(truth.tenant);
    OutputAssert.runsEqualTruth(tables.runs(), truth);
    OutputAssert.rejectsEqualTruth(tables.rejects(), truth);
    OutputAssert.statsEqualTruth(tables.stats(), truth);
  }

  @ParameterizedTest(name = "{0} first")
  @ValueSource(strings = {SMALL, LARGE})
  void givenTwoTenantsInEitherOrder_eachEqualsItsApiAndTheSecondLeavesTheFirstByteForByte(
      String first) {
    // Arrange: the first tenant's job over the whole range
    String second = first.equals(SMALL) ? LARGE : SMALL;
    Path out = tmp.resolve("out");
    try (ApiSimulator a = ApiSimulator.start(tenant(first));
        ApiSimulator b = ApiSimulator.start(tenant(second))) {
      JobRun firstJob = run(a, out, SimJob.FROM, SimJob.TO);
      assertThat(firstJob.exitCode).as(firstJob.toString()).isZero();
      Map<String, String> firstFiles = filesOf(out, first);

      // Act: the other tenant's job over the same days, into the same output
      JobRun secondJob = run(b, out, SimJob.FROM, SimJob.TO);

      // Assert: no refusal (the guard counts the job's tenant only), nothing of the first changed
      assertThat(secondJob.exitCode).as(secondJob.toString()).isZero();
      assertThat(firstFiles).as("the first tenant's files").isNotEmpty();
      assertThat(filesOf(out, first)).as("the first tenant's files after the second job")
          .isEqualTo(firstFiles);
      tenantEqualsTruth(out, Truth.of(a.tenant(), SimJob.FROM, SimJob.TO));
      tenantEqualsTruth(out, Truth.of(b.tenant(), SimJob.FROM, SimJob.TO));
      assertThat(new OutputTables(out).runs()).as("the whole output: both tenants, nothing else")
          .hasSize(Truth.of(a.tenant(), SimJob.FROM, SimJob.TO).runs.size()
              + Truth.of(b.tenant(), SimJob.FROM, SimJob.TO).runs.size());
      assertThat(out.resolve("report-" + first + ".html")).isRegularFile();
      assertThat(out.resolve("report-" + second + ".html")).isRegularFile();
    }
  }

  @Test
  void givenBothTenantsPublished_aRerunOfSomeDaysOfOneReplacesOnlyThatTenantsDays() {
    // Arrange: both tenants published
    Path out = tmp.resolve("out");
    try (ApiSimulator small = ApiSimulator.start(tenant(SMALL));
        ApiSimulator large = ApiSimulator.start(tenant(LARGE))) {
      assertThat(run(small, out, SimJob.FROM, SimJob.TO).exitCode).isZero();
      assertThat(run(large, out, SimJob.FROM, SimJob.TO).exitCode).isZero();
      Map<String, String> largeBefore = filesOf(out, LARGE);
      Map<String, String> smallBefore = filesOf(out, SMALL);

      // Act: the sandbox again, over three days
      JobRun rerun = run(small, out, LocalDate.of(2024, 1, 5), LocalDate.of(2024, 1, 8));

      // Assert
      assertThat(rerun.exitCode).as(rerun.toString()).isZero();
      assertThat(filesOf(out, LARGE)).as("the other tenant, byte for byte").isEqualTo(largeBefore);
      Map<String, String> smallAfter = filesOf(out, SMALL);
      assertThat(smallAfter.keySet()).as("the rerun replaced the sandbox's run files of its days")
          .filteredOn(f -> f.startsWith("workflow_runs/") && f.contains("created_date=2024-01-06"))
          .isNotEmpty()
          .doesNotContainAnyElementsOf(smallBefore.keySet());
      tenantEqualsTruth(out, Truth.of(small.tenant(), SimJob.FROM, SimJob.TO));
      tenantEqualsTruth(out, Truth.of(large.tenant(), SimJob.FROM, SimJob.TO));
    }
  }

  /** Both jobs, holding their leases, wait here until the other holds its own too. */
  private static final CountDownLatch BOTH_HOLD_LEASES = new CountDownLatch(2);

  /** Holds the lease until the other tenant's job holds its own: fails if it never does. */
  private static final class PublishTogether implements PublishHook {
    @Override
    public void beforeExecute(String jobId) {
      BOTH_HOLD_LEASES.countDown();
      try {
        if (!BOTH_HOLD_LEASES.await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the other tenant's job never held its lease");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void givenTwoTenantsJobsStartedTogether_bothHoldTheirLeasesAtOnceAndPublish() {
    // Arrange
    Path out = tmp.resolve("out");
    try (ApiSimulator small = ApiSimulator.start(tenant(SMALL));
        ApiSimulator large = ApiSimulator.start(tenant(LARGE))) {
      Path smallToken = SimJob.secretFile(tmp, "token-s", small.config().staticToken());
      Path largeToken = SimJob.secretFile(tmp, "token-l", large.config().staticToken());

      // Act: both jobs at once; each publishes only while the other holds its lease too
      CompletableFuture<JobRun> a = CompletableFuture.supplyAsync(() -> JobRun.launch(Map.of(),
          SimJob.args(small, smallToken, out), new PublishTogether()));
      CompletableFuture<JobRun> b = CompletableFuture.supplyAsync(() -> JobRun.launch(Map.of(),
          SimJob.args(large, largeToken, out), new PublishTogether()));
      List<JobRun> jobs = List.of(a.join(), b.join());

      // Assert: a lease shared by tenants would hold the second job back and fail both
      for (JobRun job : jobs) {
        assertThat(job.exitCode).as(job.toString()).isZero();
      }
      assertThat(BOTH_HOLD_LEASES.getCount()).isZero();
      tenantEqualsTruth(out, Truth.of(small.tenant(), SimJob.FROM, SimJob.TO));
      tenantEqualsTruth(out, Truth.of(large.tenant(), SimJob.FROM, SimJob.TO));
    }
  }

  @Test
  void givenRunsThatCarryAnotherTenant_theyAreFiledUnderTheJobsTenantAndTheSummarySaysSo() {
    // Arrange: an API whose runs say "acme-staging" while the job reads tenant acme-sandbox
    Path out = tmp.resolve("out");
    try (ApiSimulator sim = ApiSimulator.start(
        SimJob.tenant(300).tenant(SMALL).seed(11L).runTenant("acme-staging").build())) {

      // Act
      JobRun job = run(sim, out, SimJob.FROM, SimJob.TO);

      // Assert
      assertThat(job.exitCode).as(job.toString()).isZero();
      Truth truth = Truth.of(sim.tenant(), SimJob.FROM, SimJob.TO);
      assertThat(job.out).contains(String.format("note: %,d runs carried a tenant other than %s;",
          truth.runs.size(), SMALL));
      tenantEqualsTruth(out, truth);
      assertThat(new OutputTables(out).runs()).extracting(r -> r.get("raw_json").toString())
          .allMatch(json -> json.contains("\"acme-staging\""));
    }
  }
}
