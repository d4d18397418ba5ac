package com.amperityworkflowruns.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.model.TypeStats;
import com.amperityworkflowruns.model.WorkflowRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
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

/** Statistics after de-duplication depend only on the set of copies read, not their order or count. */
class StatsInvarianceProperties {
  private static final long DAY_MS = 86_400_000L;
  private static final long BASE_MS = Instant.parse("2024-02-10T00:00:00Z").toEpochMilli();

  /** The pure equivalent of DeduplicateRuns followed by ComputeTypeStats (daily and over range). */
  static Map<String, TypeStats> dedupeThenStats(List<WorkflowRun> runs) {
    Map<String, WorkflowRun> byId = new LinkedHashMap<>();
    for (WorkflowRun run : runs) {
      byId.merge(run.runId, run, DeduplicateRuns::preferred);
    }
    return stats(byId.values());
  }

  private static Map<String, TypeStats> stats(Collection<WorkflowRun> runs) {
    Map<List<String>, StatsAccumulator> accs = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
    for (WorkflowRun run : runs) {
      String type = ComputeTypeStats.typeOf(run);
      accs.computeIfAbsent(List.of(run.createdDate, type), k -> new StatsAccumulator()).add(run);
      accs.computeIfAbsent(List.of("*", type), k -> new StatsAccumulator()).add(run);
    }
    Map<String, TypeStats> out = new TreeMap<>();
    accs.forEach((key, acc) -> out.put(key.toString(),
        acc.toTypeStats("*".equals(key.get(0)) ? null : key.get(0), key.get(1))));
    return out;
  }

  @Property(tries = 150)
  void givenShuffledAndDuplicatedInput_statsAreUnchanged(
      @ForAll("runs") List<WorkflowRun> runs, @ForAll Random random) {
    // Arrange
    List<WorkflowRun> noisy = new ArrayList<>(runs);
    for (int i = 0; i < runs.size(); i++) {
      if (random.nextBoolean()) {
        noisy.add(runs.get(random.nextInt(runs.size())));
      }
    }
    Collections.shuffle(noisy, random);

    // Act
    Map<String, TypeStats> expected = dedupeThenStats(runs);
    Map<String, TypeStats> actual = dedupeThenStats(noisy);

    // Assert
    assertThat(actual).isEqualTo(expected);
  }

  @Property(tries = 150)
  void givenAnySplit_mergedAccumulatorsEqualOnePass(
      @ForAll("runs") List<WorkflowRun> runs, @ForAll Random random) {
    // Arrange
    StatsAccumulator whole = new StatsAccumulator();
    List<StatsAccumulator> parts = List.of(new StatsAccumulator(), new StatsAccumulator(), new StatsAccumulator());
    runs.forEach(whole::add);
    runs.forEach(r -> parts.get(random.nextInt(parts.size())).add(r));

    // Act
    StatsAccumulator merged = new TypeStatsFn().mergeAccumulators(parts);

    // Assert
    assertThat(merged.toTypeStats("d", "t")).isEqualTo(whole.toTypeStats("d", "t"));
  }

  @Provide
  Arbitrary<List<WorkflowRun>> runs() {
    Arbitrary<WorkflowRun> run = Combinators.combine(
            Arbitraries.integers().between(0, 15),
            Arbitraries.of("ingest", "send", null),
            Arbitraries.of("succeeded", "failed", "canceled", "stopped", "in progress", "scheduled", "odd"),
            // Few distinct times, so that copies often tie on endedAt and createdAt.
            Arbitraries.of(0L, 1L, DAY_MS - 1, DAY_MS, DAY_MS + 3_600_000L),
            Arbitraries.of(-1L, 0L, 1L, 1_000L, 60_000L),
            Arbitraries.of("customer", "Platform", null))
        .as((id, type, state, startOffset, duration, attribution) -> {
          Instant created = Instant.ofEpochMilli(BASE_MS + startOffset);
          String ended = duration < 0 ? null : created.plusMillis(duration).toString();
          return TestRuns.run("wf-" + id, type, state, created.toString(), ended, attribution);
        });
    return run.list().ofMinSize(1).ofMaxSize(40);
  }
}
