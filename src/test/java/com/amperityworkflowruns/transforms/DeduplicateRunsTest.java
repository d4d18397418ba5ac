package com.amperityworkflowruns.transforms;

import static com.amperityworkflowruns.transforms.TestRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.model.WorkflowRun;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeduplicateRunsTest {
  private static final String T0 = "2024-02-10T01:00:00Z";
  private static final String T1 = "2024-02-10T02:00:00Z";
  private static final String T2 = "2024-02-10T03:00:00Z";

  private static void assertPrefers(WorkflowRun winner, WorkflowRun loser) {
    assertThat(DeduplicateRuns.preferred(winner, loser)).isSameAs(winner);
    assertThat(DeduplicateRuns.preferred(loser, winner)).isSameAs(winner);
  }

  @Test
  void givenTerminalAndOpenCopies_prefersTerminalEvenIfEarlier() {
    WorkflowRun open = run("a", "t", "running with failures", T0, T2, null);
    WorkflowRun done = run("a", "t", "succeeded", T0, T1, null);

    assertPrefers(done, open);
  }

  @Test
  void givenBothTerminal_prefersLaterEndedAt() {
    assertPrefers(run("a", "t", "failed", T0, T2, null), run("a", "t", "succeeded", T0, T1, null));
  }

  @Test
  void givenOneEndedAtMissing_prefersTheOneWithEndedAt() {
    assertPrefers(run("a", "t", "started", T0, T0, null), run("a", "t", "started", T1, null, null));
  }

  @Test
  void givenSameEndedAt_prefersLaterCreatedAt() {
    assertPrefers(run("a", "t", "stopped", T1, T2, null), run("a", "t", "stopped", T0, T2, null));
  }

  @Test
  void givenSameTimes_prefersGreaterRawJson() {
    WorkflowRun b = run("a", "b", "failed", T0, T2, null);
    WorkflowRun c = run("a", "c", "failed", T0, T2, null);

    assertPrefers(c, b);
  }

  @Test
  void givenIdenticalCopies_returnsTheFirst() {
    WorkflowRun x = run("a", "t", "failed", T0, T2, null);
    WorkflowRun y = run("a", "t", "failed", T0, T2, null);

    assertThat(DeduplicateRuns.preferred(x, y)).isSameAs(x);
  }

  @Test
  void givenAnyOrderOfCopies_foldKeepsTheSameRun() {
    // Arrange
    List<WorkflowRun> copies = new ArrayList<>(List.of(
        run("a", "t", "scheduled", T0, null, null),
        run("a", "t", "in progress", T0, null, null),
        run("a", "t", "running with failures", T0, T2, null),
        run("a", "t", "failed", T0, T1, "customer"),
        run("a", "t", "failed", T0, T1, "platform"),
        run("a", "t", "succeeded", T0, T0, null)));
    WorkflowRun expected = copies.get(4);
    Random random = new Random(7);

    for (int i = 0; i < 50; i++) {
      // Act
      Collections.shuffle(copies, random);
      WorkflowRun kept = copies.stream().reduce(DeduplicateRuns::preferred).orElseThrow();

      // Assert: failed with later rawJson ("platform" > "customer") beats an earlier-ending success
      // and the open run that ended later.
      assertThat(kept).isEqualTo(expected);
    }
  }
}
