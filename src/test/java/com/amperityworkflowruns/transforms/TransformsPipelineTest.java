package com.amperityworkflowruns.transforms;

import static com.amperityworkflowruns.transforms.TestRuns.SHARD;
import static com.amperityworkflowruns.transforms.TestRuns.finished;
import static com.amperityworkflowruns.transforms.TestRuns.json;
import static com.amperityworkflowruns.transforms.TestRuns.raw;
import static com.amperityworkflowruns.transforms.TestRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.model.RawRun;
import com.amperityworkflowruns.model.Reject;
import com.amperityworkflowruns.model.TypeStats;
import com.amperityworkflowruns.model.WorkflowRun;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.schemas.SchemaCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The transforms on the Direct runner: wiring, coders, counters and step names. */
@ExtendWith(TestPipelineExtension.class)
class TransformsPipelineTest {
  private static final String T0 = "2024-02-10T01:00:00Z";
  private static final String T1 = "2024-02-10T01:00:02Z";

  private static long counter(PipelineResult result, String name) {
    MetricQueryResults metrics = result.metrics().queryMetrics(
        MetricsFilter.builder().addNameFilter(MetricNameFilter.named(Names.NAMESPACE, name)).build());
    long sum = 0;
    for (MetricResult<Long> c : metrics.getCounters()) {
      sum += c.getAttempted();
    }
    return sum;
  }

  @Test
  void givenGoodAndBadRecords_routesRejectsAndSucceeds(TestPipeline pipeline) {
    // Arrange
    String good = json("a", "t", "succeeded", T0, T1, null);
    String odd = json("b", "t", "Hibernating", T0, null, null);
    String noId = "{\"created_at\":\"" + T0 + "\"}";
    String backwards = json("c", "t", "failed", T1, T0, "customer");
    PCollection<RawRun> raw = pipeline.apply("Raw", Create.of(
        raw(good), raw(odd), raw(noId), raw(backwards), raw("garbage")));

    // Act
    PCollectionTuple out = raw.apply("NormalizeRuns", new NormalizeRuns());

    // Assert
    PAssert.that(out.get(NormalizeRuns.RUNS)).containsInAnyOrder(run(good), run(odd));
    PAssert.that(out.get(NormalizeRuns.REJECTS)).containsInAnyOrder(
        new Reject(null, "missing id", noId, "2024-02-10"),
        new Reject("c", "ended_at before created_at", backwards, "2024-02-10"),
        new Reject(null, "not a JSON object", "garbage", Reject.UNDATED));
    assertThat(out.get(NormalizeRuns.RUNS).getCoder()).isInstanceOf(SchemaCoder.class);
    assertThat(out.get(NormalizeRuns.REJECTS).getCoder()).isInstanceOf(SchemaCoder.class);
    PipelineResult result = pipeline.run();
    assertThat(result.waitUntilFinish()).isEqualTo(PipelineResult.State.DONE);
    assertThat(counter(result, "runs_normalized")).isEqualTo(2);
    assertThat(counter(result, "rejects")).isEqualTo(3);
    assertThat(counter(result, "unknown_states")).isEqualTo(1);
  }

  @Test
  void givenOnlyValidRecords_rejectsIsEmpty(TestPipeline pipeline) {
    PCollection<RawRun> raw = pipeline.apply(Create.of(raw(json("a", "t", "started", T0, null, null))));

    PCollectionTuple out = raw.apply("NormalizeRuns", new NormalizeRuns());

    PAssert.that(out.get(NormalizeRuns.REJECTS)).empty();
    PAssert.that(out.get(NormalizeRuns.RUNS)).satisfies(runs -> {
      assertThat(runs).singleElement().satisfies(r -> assertThat(r.state).isEqualTo("STARTED"));
      return null;
    });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void givenCopiesOfRuns_keepsPreferredAndCountsDuplicates(TestPipeline pipeline) {
    // Arrange
    WorkflowRun aOpen = run("a", "t", "in progress", T0, null, null);
    WorkflowRun aDone = run("a", "t", "succeeded", T0, T1, null);
    WorkflowRun b = run("b", "t", "failed", T0, T1, "platform");
    PCollection<WorkflowRun> runs = pipeline
        .apply(Create.of(aOpen, aDone, b, aOpen, b))
        .setCoder(schemaCoder(pipeline));

    // Act
    PCollection<WorkflowRun> deduped = runs.apply("DeduplicateRuns", new DeduplicateRuns());

    // Assert
    PAssert.that(deduped).containsInAnyOrder(aDone, b);
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertThat(counter(result, "duplicates_removed")).isEqualTo(3);
  }

  @Test
  void keyedByRunIdAsOnDataflow_writesTheSameRowsAsTheDirectRunnersPath(TestPipeline pipeline) {
    // Arrange: copies of one run in three states, a run alone, and the same id on another day
    WorkflowRun aOpen = run("a", "t", "running", T0, null, null);
    WorkflowRun aDone = run("a", "t", "failed", T0, T1, "customer");
    WorkflowRun b = run("b", "t", "succeeded", T0, T1, null);
    WorkflowRun aNextDay = run("a", "t", "succeeded", "2024-02-11T01:00:00Z", "2024-02-11T02:00:00Z", null);
    PCollection<WorkflowRun> runs = pipeline
        .apply(Create.of(aOpen, aDone, aOpen, b, aDone, aNextDay))
        .setCoder(schemaCoder(pipeline));

    // Act
    PCollection<WorkflowRun> byId = runs.apply("ById", DeduplicateRuns.keyedByRunId());
    PCollection<WorkflowRun> byDay = runs.apply("ByDay", new DeduplicateRuns());

    // Assert
    PAssert.that(byId).containsInAnyOrder(aDone, b, aNextDay);
    PAssert.that(byDay).containsInAnyOrder(aDone, b, aNextDay);
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertThat(counter(result, "duplicates_removed")).isEqualTo(6); // 3 dropped by each path
  }

  @Test
  void givenRunsOnTwoDays_computesStatsPerDay_andTheRangeByMergingTheDays(TestPipeline pipeline) {
    // Arrange
    PCollection<WorkflowRun> runs = pipeline
        .apply(Create.of(
            finished("a", "ingest", "succeeded", "2024-02-10", 1000),
            finished("b", "ingest", "failed", "2024-02-10", 3000),
            finished("c", "ingest", "succeeded", "2024-02-11", 2000),
            run("d", null, "started", "2024-02-11T05:00:00Z", null, null)))
        .setCoder(schemaCoder(pipeline));

    // Act
    PCollectionTuple both = runs.apply("ComputeTypeStats", ComputeTypeStats.withSummary());
    PCollection<TypeStats> daily = both.get(ComputeTypeStats.DAILY);
    PCollection<TypeStats> range = both.get(ComputeTypeStats.SUMMARY);

    // Assert
    PAssert.that(daily).containsInAnyOrder(
        new TypeStats("2024-02-10", "ingest", 2, 1, 1, 0, 0, 0, 0.5, 0, 0,
            1000L, 2000.0, 1000L, 3000L, 3000L, 3000L, 3000L),
        new TypeStats("2024-02-11", "ingest", 1, 1, 0, 0, 0, 0, 0.0, 0, 0,
            2000L, 2000.0, 2000L, 2000L, 2000L, 2000L, 2000L),
        new TypeStats("2024-02-11", "unknown", 1, 0, 0, 0, 0, 1, null, 0, 0,
            null, null, null, null, null, null, null));
    PAssert.that(range).containsInAnyOrder(
        new TypeStats(null, "ingest", 3, 2, 1, 0, 0, 0, 1.0 / 3, 0, 0,
            1000L, 2000.0, 2000L, 3000L, 3000L, 3000L, 3000L),
        new TypeStats(null, "unknown", 1, 0, 0, 0, 0, 1, null, 0, 0,
            null, null, null, null, null, null, null));
    assertThat(daily.getCoder()).isInstanceOf(SchemaCoder.class);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void givenEndToEnd_normalizeDedupeStatsAgree(TestPipeline pipeline) {
    // Arrange: the same failed run read twice, once while still running.
    List<RawRun> raw = List.of(
        raw(json("a", "send", "running", T0, null, null)),
        raw(json("a", "send", "failed", T0, T1, "customer")),
        raw(json("a", "send", "failed", T0, T1, "customer")),
        raw("{\"id\":\"broken\"}"));

    // Act
    PCollectionTuple normalized = pipeline.apply(Create.of(raw)).apply("NormalizeRuns", new NormalizeRuns());
    PCollection<TypeStats> stats = normalized.get(NormalizeRuns.RUNS)
        .apply("DeduplicateRuns", new DeduplicateRuns())
        .apply("ComputeTypeStats", new ComputeTypeStats());

    // Assert
    PAssert.that(stats).containsInAnyOrder(new TypeStats("2024-02-10", "send", 1, 0, 1, 0, 0, 0, 1.0, 1, 0,
        2000L, 2000.0, 2000L, 2000L, 2000L, 2000L, 2000L));
    PAssert.that(normalized.get(NormalizeRuns.REJECTS)).satisfies(rejects -> {
      assertThat(rejects).extracting(r -> r.reason).containsExactly("missing created_at");
      return null;
    });
    pipeline.run().waitUntilFinish();
  }

  private static SchemaCoder<WorkflowRun> schemaCoder(TestPipeline pipeline) {
    try {
      return pipeline.getSchemaRegistry().getSchemaCoder(WorkflowRun.class);
    } catch (org.apache.beam.sdk.schemas.NoSuchSchemaException e) {
      throw new AssertionError(e);
    }
  }
}
