package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.publish.PublishHook;
import com.amperityworkflowruns.simulator.ApiSimulator;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two jobs over overlapping ranges, started together into one output: one publishes while the
 * other waits for the lease, and the output ends with one exact copy of every run whichever
 * finishes first. Latches order the publishes; nothing sleeps.
 */
@Timeout(300)
class OverlappingJobsTest {
  /** Latches by name, shared with the (serialized) hooks of the jobs running in this JVM. */
  private static final Map<String, CountDownLatch> LATCHES = new ConcurrentHashMap<>();

  @TempDir Path tmp;

  /** First publisher: holds the lease, signals it, and waits to be released. */
  private static final class PublishesFirst implements PublishHook {
    private final String holds;
    private final String release;

    PublishesFirst(String holds, String release) {
      this.holds = holds;
      this.release = release;
    }

    @Override
    public void beforeExecute(String jobId) {
      LATCHES.get(holds).countDown();
      await(release);
    }
  }

  /** Second publisher: tries the lease only once the first holds it; signals that it waits. */
  private static final class PublishesSecond implements PublishHook {
    private final String firstHolds;
    private final String waiting;

    PublishesSecond(String firstHolds, String waiting) {
      this.firstHolds = firstHolds;
      this.waiting = waiting;
    }

    @Override
    public void beforeLease(String jobId) {
      await(firstHolds);
    }

    @Override
    public void leaseBusy(String jobId, String holder) {
      LATCHES.get(waiting).countDown();
    }
  }

  private static void await(String name) {
    try {
      if (!LATCHES.get(name).await(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch " + name + " never opened");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String latch() {
    String name = UUID.randomUUID().toString();
    LATCHES.put(name, new CountDownLatch(1));
    return name;
  }

  private void overlap(boolean wideFirst) throws Exception {
    // Arrange: a wide backfill and a narrower one inside it, into one output
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(600).build())) {
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      Path out = tmp.resolve("out");
      List<String> wide = SimJob.args(sim, token, out);
      List<String> narrow = SimJob.args(sim, token, out, LocalDate.of(2024, 1, 5),
          LocalDate.of(2024, 1, 12));
      String holds = latch();
      String release = latch();
      String waiting = latch();
      List<String> first = wideFirst ? wide : narrow;
      List<String> second = wideFirst ? narrow : wide;

      // Act
      CompletableFuture<JobRun> a = CompletableFuture.supplyAsync(
          () -> JobRun.launch(Map.of(), first, new PublishesFirst(holds, release)));
      CompletableFuture<JobRun> b = CompletableFuture.supplyAsync(
          () -> JobRun.launch(Map.of(), second, new PublishesSecond(holds, waiting)));
      await(waiting);
      LATCHES.get(release).countDown();
      JobRun firstRun = a.get(240, TimeUnit.SECONDS);
      JobRun secondRun = b.get(240, TimeUnit.SECONDS);

      // Assert
      assertThat(firstRun.exitCode).as(firstRun.toString()).isZero();
      assertThat(secondRun.exitCode).as(secondRun.toString()).isZero();
      OutputAssert.outputEqualsTruth(out, Truth.of(sim.tenant(), SimJob.FROM, SimJob.TO));
      assertThat(out.resolve("_lease.json")).doesNotExist();
      assertThat(out.resolve("_journal")).doesNotExist();
      assertThat(out.resolve("_staging")).doesNotExist();
    }
  }

  @Test
  void givenWideAndNarrowBackfillTogether_wideFinishingFirst_outputIsExact() throws Exception {
    overlap(true);
  }

  @Test
  void givenWideAndNarrowBackfillTogether_narrowFinishingFirst_outputIsExact() throws Exception {
    overlap(false);
  }

  @Test
  void givenAnotherJobHoldingTheLease_jobWithNoLeaseWaitExits1NamingIt() throws Exception {
    // Arrange: a job holds the lease in its publish
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(300).build())) {
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      Path out = tmp.resolve("out");
      List<String> args = SimJob.args(sim, token, out);
      String holds = latch();
      String release = latch();
      CompletableFuture<JobRun> holder = CompletableFuture.supplyAsync(
          () -> JobRun.launch(Map.of(), args, new PublishesFirst(holds, release)));
      await(holds);

      // Act
      JobRun impatient = JobRun.launch(SimJob.with(args, "--leaseWait=PT0S"));
      LATCHES.get(release).countDown();
      JobRun held = holder.get(240, TimeUnit.SECONDS);

      // Assert
      assertThat(impatient.exitCode).as(impatient.toString()).isEqualTo(1);
      assertThat(impatient.errLines()).hasSize(1);
      assertThat(impatient.errLines().get(0))
          .startsWith("error: the output is being published by job job-")
          .contains("waited PT0S")
          .contains("--leaseWait");
      assertThat(held.exitCode).as(held.toString()).isZero();
      OutputAssert.outputEqualsTruth(out, Truth.of(sim.tenant(), SimJob.FROM, SimJob.TO));
    }
  }
}
