package com.amperityworkflowruns.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.api.FakeRunsApi;
import com.amperityworkflowruns.fetch.Cursor;
import com.amperityworkflowruns.model.RawRun;
import com.amperityworkflowruns.bench.MemObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The reader with a resume spool: writes off the claiming thread, and an exact replay. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReadRunsFnSpoolTest {
  private static final long DAY = 86_400_000_000L;
  @TempDir Path dir;

  @BeforeAll
  static void registerFileSystems() {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
  }

  private static ReadConfig withSpool(FakeRunsApi api, String spoolDir, boolean resume) {
    return SdfDriver.config(api, 10, 1000, DAY).toBuilder()
        .spoolDir(spoolDir)
        .resume(resume)
        .pollInterval(Duration.ofSeconds(60)) // the call waits for pages instead of returning
        .build();
  }

  @Test
  void givenASpoolStoreThatHangs_pagesAreClaimedWhileTheirWritesWait_andKeptBeforeTheCallReturns()
      throws Exception {
    // Arrange: one shard of 5 pages; every call on the spool's bucket hangs until released
    String bucket = "hung-" + UUID.randomUUID().toString().substring(0, 8);
    String spoolDir = "mem://" + bucket + "/spool";
    FakeRunsApi api = new FakeRunsApi(FakeRunsApi.evenly(50, 0, DAY), 10);
    ReadRunsFn fn = new ReadRunsFn(withSpool(api, spoolDir, false));
    fn.setup();
    CountDownLatch release = MemObjectStore.hang(bucket);
    CountDownLatch fivePagesEmitted = new CountDownLatch(5);
    List<Integer> keptWhenEmitted = Collections.synchronizedList(new ArrayList<>());
    try {
      ShardTracker tracker = fn.newTracker(
          ShardRestriction.of(fn.initialRestriction(new RunsQuery(0, DAY)).cursors.get(0)));
      SdfDriver.Receiver<KV<String, List<String>>> out = new SdfDriver.Receiver<>(page -> {
        keptWhenEmitted.add(MemObjectStore.objects(spoolDir + "/").size());
        fivePagesEmitted.countDown();
      });

      // Act
      // the call's outcome, and the pages kept at the moment it returned
      CompletableFuture<KV<DoFn.ProcessContinuation, Integer>> call =
          CompletableFuture.supplyAsync(() -> {
            try {
              DoFn.ProcessContinuation c = fn.process(tracker, out);
              return KV.of(c, MemObjectStore.objects(spoolDir + "/").size());
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
          });

      // Assert: all five claimed and emitted while the first write still hangs; the call does
      // not return before its pages are kept
      assertThat(fivePagesEmitted.await(60, TimeUnit.SECONDS))
          .as("pages claimed while the spool write hangs").isTrue();
      assertThat(keptWhenEmitted).containsExactly(0, 0, 0, 0, 0);
      assertThat(call).isNotDone();
      release.countDown();
      assertThat(call.get().getKey().shouldResume()).isFalse();
      assertThat(call.get().getValue()).as("pages kept when the call returned").isEqualTo(5);
      assertThat(new ShardSpool(spoolDir).keptPages(Cursor.start(0, DAY)))
          .hasSize(5)
          .last().satisfies(last -> assertThat(last.nextToken).isNull());
    } finally {
      release.countDown();
      fn.teardown();
      MemObjectStore.deleteAll("mem://" + bucket + "/");
    }
  }

  @Test
  void givenACrashWithPartOfAChainKept_resumeReplaysItExactlyAndRequestsOnlyThePagesNotKept()
      throws Exception {
    // Arrange: a full read keeps 5 pages; the crash is simulated by losing pages 3 and 4
    List<FakeRunsApi.Run> runs = FakeRunsApi.evenly(50, 0, DAY);
    String spoolDir = dir.resolve("spool").toString();
    List<RawRun> first = new SdfDriver().run(
        withSpool(new FakeRunsApi(runs, 10), spoolDir, false), new RunsQuery(0, DAY), 2);
    Path shard = dir.resolve("spool/shard-0-" + DAY);
    Files.delete(shard.resolve("page-3.jsonl"));
    Files.delete(shard.resolve("page-4.jsonl"));
    FakeRunsApi api = new FakeRunsApi(runs, 10);

    // Act: resume, with a checkpoint after every two pages (one in the middle of the replay)
    SdfDriver resumed = new SdfDriver();
    List<RawRun> second = resumed.run(withSpool(api, spoolDir, true), new RunsQuery(0, DAY), 2);

    // Assert
    assertThat(second).extracting(r -> r.json)
        .containsExactlyInAnyOrderElementsOf(first.stream().map(r -> r.json).toList())
        .doesNotHaveDuplicates()
        .hasSize(50);
    assertThat(resumed.checkpoints).isPositive();
    assertThat(api.requests).extracting(r -> r.token).containsExactly("tok-30", "tok-40");
  }
}
