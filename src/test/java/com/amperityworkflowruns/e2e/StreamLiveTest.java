package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.sink.ClosedWindow;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.sink.StreamProgress;
import com.amperityworkflowruns.simulator.SimulatorConfig;
import com.amperityworkflowruns.simulator.SyntheticTenant;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live: the embedded simulator's clock runs 10 times faster than real time, runs start and end as
 * it advances and show in ended_* queries 10 s after they end. Runs that finish while the test
 * runs appear once, and each live window is written within pollInterval plus settleDelay of its
 * end, plus an allowance of two clock minutes (12 s of real time) for the Direct runner to process
 * it on a loaded machine. The reader's own timing is checked with a controlled clock in {@code
 * FollowRunsFnTest}.
 */
@Timeout(300)
class StreamLiveTest {
  private static final int RUNS = 100_000;
  private static final Instant CLOCK_START = Instant.parse("2024-03-20T12:00:00Z");
  private static final Instant FROM = Instant.parse("2024-03-20T11:58:00Z");
  private static final Instant STOP = Instant.parse("2024-03-20T12:05:00Z");
  private static final long MINUTE = 60_000;

  @TempDir Path tmp;

  @Test
  void runsFinishingDuringTheTest_appearOnceAndWindowsCloseWithinPollPlusSettle() throws Exception {
    // Arrange: the same tenant the embedded simulator generates (its runs do not depend on the
    // clock), and the runs it will show ended in [FROM, STOP)
    SyntheticTenant tenant = SyntheticTenant.generate(
        SimulatorConfig.builder().totalRuns(RUNS).tenant("acme-live").build());
    StreamTruth truth = StreamTruth.of(tenant, FROM, STOP, MINUTE);
    Path out = tmp.resolve("out");

    // Act
    JobRun job = JobRun.launch(List.of(
        "--mode=stream", "--embeddedSimulator", "--simulatorRuns=" + RUNS,
        "--simulatorLatencyMs=5-30", "--tenant=acme-live",
        "--simulatorClock=" + CLOCK_START, "--simulatorSpeed=10",
        "--followFrom=" + FROM, "--stopAt=" + STOP,
        "--pollInterval=PT1M", "--settleDelay=PT2M", "--statsWindow=PT1M",
        "--output=" + out));

    // Assert
    assertThat(job.exitCode).as(job.toString()).isZero();
    assertThat(truth.runs.values())
        .as("runs that finish while the test runs")
        .anyMatch(r -> r.endedAtMicros() / 1000 >= CLOCK_START.toEpochMilli());
    StreamJob.outputEqualsTruth(out, truth);
    List<ClosedWindow> windows =
        StreamProgress.closedWindows(OutputLayout.of(out.toString(), "acme-live"));
    assertThat(windows).hasSize(7);
    for (ClosedWindow w : windows) {
      if (w.windowStart >= CLOCK_START.toEpochMilli()) {
        assertThat(w.lagMillis)
            .as("lag of the live window at " + Instant.ofEpochMilli(w.windowStart))
            .isLessThanOrEqualTo(MINUTE + 2 * MINUTE + 2 * MINUTE);
      }
    }
    assertThat(job.out).contains("embedded simulator in live mode");
  }
}
