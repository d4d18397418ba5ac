package com.amperityworkflowruns.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.model.WorkflowRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The dedup combiners keep the same rows whatever the order of the copies, how often each was
 * read, and how a runner splits them into bundles and merges the partial results.
 */
class MostFinalCopyProperties {
  private static final long DAY_MS = 86_400_000L;
  private static final long BASE_MS = Instant.parse("2024-02-10T00:00:00Z").toEpochMilli();

  /** The rows expected: per (day, id), the copy that beats all others in the total order. */
  private static Map<String, WorkflowRun> expected(List<WorkflowRun> copies) {
    Map<String, WorkflowRun> kept = new TreeMap<>();
    for (WorkflowRun run : copies) {
      kept.merge(DeduplicateRuns.runKey(run), run, DeduplicateRuns::preferred);
    }
    return kept;
  }

  /** Copies duplicated at random, shuffled, and dealt into 1-5 bundles. */
  private static List<List<WorkflowRun>> bundles(List<WorkflowRun> copies, Random random) {
    List<WorkflowRun> noisy = new ArrayList<>(copies);
    for (int i = 0; i < copies.size(); i++) {
      if (random.nextBoolean()) {
        noisy.add(copies.get(random.nextInt(copies.size())));
      }
    }
    Collections.shuffle(noisy, random);
    List<List<WorkflowRun>> bundles = new ArrayList<>();
    int n = 1 + random.nextInt(5);
    for (int i = 0; i < n; i++) {
      bundles.add(new ArrayList<>());
    }
    noisy.forEach(r -> bundles.get(random.nextInt(n)).add(r));
    return bundles;
  }

  @Property(tries = 200)
  void perRunCombiner_keepsTheSameCopy_inAnyOrderDuplicationAndBundling(
      @ForAll("copies") List<WorkflowRun> copies, @ForAll Random random) {
    // Arrange
    MostFinalCopy fn = new MostFinalCopy();
    Map<String, List<MostFinalCopy.Kept>> partials = new HashMap<>();
    long total = 0;
    for (List<WorkflowRun> bundle : bundles(copies, random)) {
      Map<String, MostFinalCopy.Kept> perKey = new HashMap<>();
      for (WorkflowRun run : bundle) {
        fn.addInput(perKey.computeIfAbsent(DeduplicateRuns.runKey(run), k -> fn.createAccumulator()), run);
        total++;
      }
      perKey.forEach((k, acc) -> partials.computeIfAbsent(k, x -> new ArrayList<>()).add(acc));
    }

    // Act
    Map<String, WorkflowRun> kept = new TreeMap<>();
    long counted = 0;
    for (Map.Entry<String, List<MostFinalCopy.Kept>> e : partials.entrySet()) {
      Collections.shuffle(e.getValue(), random);
      MostFinalCopy.Kept merged = fn.extractOutput(fn.mergeAccumulators(e.getValue()));
      kept.put(e.getKey(), merged.run);
      counted += merged.copies;
    }

    // Assert
    assertThat(kept).isEqualTo(expected(copies));
    assertThat(counted).isEqualTo(total);
  }

  @Property(tries = 200)
  void perDayCombiner_keepsTheSameRowsAsThePerRunCombiner(
      @ForAll("copies") List<WorkflowRun> copies, @ForAll Random random) {
    // Arrange
    MostFinalCopiesByDay fn = new MostFinalCopiesByDay();
    Map<String, List<Map<String, MostFinalCopy.Kept>>> partials = new HashMap<>();
    for (List<WorkflowRun> bundle : bundles(copies, random)) {
      Map<String, Map<String, MostFinalCopy.Kept>> perDay = new HashMap<>();
      for (WorkflowRun run : bundle) {
        fn.addInput(perDay.computeIfAbsent(run.createdDate, d -> fn.createAccumulator()), run);
      }
      perDay.forEach((d, acc) -> partials.computeIfAbsent(d, x -> new ArrayList<>()).add(acc));
    }

    // Act
    Map<String, WorkflowRun> kept = new TreeMap<>();
    for (List<Map<String, MostFinalCopy.Kept>> parts : partials.values()) {
      Collections.shuffle(parts, random);
      fn.extractOutput(fn.mergeAccumulators(parts))
          .forEach((id, k) -> kept.put(DeduplicateRuns.runKey(k.run), k.run));
    }

    // Assert
    assertThat(kept).isEqualTo(expected(copies));
  }

  @Provide
  Arbitrary<List<WorkflowRun>> copies() {
    Arbitrary<WorkflowRun> run = Combinators.combine(
            Arbitraries.integers().between(0, 12),
            Arbitraries.of("succeeded", "failed", "canceled", "in progress", "scheduled"),
            Arbitraries.of(0L, 1L, DAY_MS + 5),
            Arbitraries.of(-1L, 0L, 1L, 60_000L),
            Arbitraries.of("customer", "platform", null))
        .as((id, state, startOffset, duration, attribution) -> {
          Instant created = Instant.ofEpochMilli(BASE_MS + startOffset);
          String ended = duration < 0 ? null : created.plusMillis(duration).toString();
          return TestRuns.run("wf-" + id, "t", state, created.toString(), ended, attribution);
        });
    return run.list().ofMinSize(1).ofMaxSize(40);
  }
}
