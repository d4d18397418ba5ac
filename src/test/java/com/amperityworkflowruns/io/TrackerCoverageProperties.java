package com.amperityworkflowruns.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.api.FakeRunsApi;
import com.amperityworkflowruns.model.RawRun;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Any checkpoint and split sequence reads the range exactly once. */
class TrackerCoverageProperties {
  private static final long DAY = 86_400_000_000L;

  @Property(tries = 60)
  void anyCheckpointAndSplitSequence_emitsEveryRunExactlyOnce(
      @ForAll @IntRange(min = 0, max = 400) int runs,
      @ForAll @IntRange(min = 1, max = 5) int days,
      @ForAll @IntRange(min = 1, max = 25) int pageSize,
      @ForAll @IntRange(min = 1, max = 30) int checkpointEvery,
      @ForAll @IntRange(min = 1, max = 6) int maxChainPages,
      @ForAll @IntRange(min = 1, max = 48) int shardHours,
      @ForAll long seed)
      throws Exception {
    Random random = new Random(seed);
    List<FakeRunsApi.Run> tenant = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long at = (long) (random.nextDouble() * random.nextDouble() * days * DAY); // skewed
      tenant.add(new FakeRunsApi.Run("wf-" + i, at - at % 1000));
    }
    FakeRunsApi api = new FakeRunsApi(tenant, pageSize);
    ReadConfig config =
        SdfDriver.config(api, pageSize, maxChainPages, shardHours * 3_600_000_000L);

    List<RawRun> out = new SdfDriver().run(config, new RunsQuery(0, days * DAY), checkpointEvery);

    Set<String> seen = new HashSet<>();
    for (RawRun r : out) {
      assertThat(seen.add(r.json)).as("emitted twice: " + r.json).isTrue();
    }
    assertThat(seen).hasSize(runs);
  }
}
