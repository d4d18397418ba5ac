package com.amperityworkflowruns.io;

import com.amperityworkflowruns.api.Credentials;
import com.amperityworkflowruns.api.RunsApiClient;
import com.amperityworkflowruns.fetch.PageFetcher;
import com.amperityworkflowruns.fetch.ShardPlanner;
import com.amperityworkflowruns.model.RawRun;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.splittabledofn.SplitResult;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Instant;

/**
 * Runs {@link ReadRunsFn} the way a runner does, without a pipeline: split the initial
 * restriction, process each restriction with a real {@link ShardTracker}, take a checkpoint after
 * every {@code checkpointEvery} outputs (pages) (as the Direct runner does after 100), and resume residuals.
 */
final class SdfDriver {
  final List<RawRun> emitted = new ArrayList<>();
  int calls;
  int checkpoints;

  static ReadConfig config(RunsApiClient api, int pageSize, int maxChainPages, long shardMicros) {
    return ReadConfig.builder()
        .baseUrl("http://127.0.0.1:1/api")
        .tenant("acme")
        .apiVersion("2024-04-01")
        .runsPath("/workflow/runs")
        .credentials(Credentials.tokenFromEnvironment())
        .pageSize(pageSize)
        .rateLimit(1000)
        .shardDuration(Duration.ofMillis(shardMicros / 1000))
        .maxRetries(3)
        .initialBackoff(Duration.ZERO)
        .requestTimeout(Duration.ofSeconds(5))
        .readAheadPages(2)
        .maxChainPages(maxChainPages)
        .clientFactory(c -> api)
        .build();
  }

  /** Like {@link #config} with the default starting shards ({@link ShardPlanner#grid}). */
  static ReadConfig autoShardConfig(RunsApiClient api, int pageSize, int maxChainPages) {
    return config(api, pageSize, maxChainPages, 1000).toBuilder().shardDuration(null).build();
  }

  /** Reads the query to the end; returns the emitted runs. */
  List<RawRun> run(ReadConfig config, RunsQuery query, int checkpointEvery) throws Exception {
    ReadRunsFn fn = new ReadRunsFn(config);
    fn.setup();
    PageFetcher fetcher = Fetchers.acquire(config);
    try {
      Deque<ShardRestriction> queue = new ArrayDeque<>();
      fn.splitRestriction(fn.initialRestriction(query), new Receiver<>(queue::add));
      while (!queue.isEmpty()) {
        ShardRestriction restriction = queue.poll();
        ShardTracker tracker = fn.newTracker(restriction);
        List<ShardRestriction> residuals = new ArrayList<>();
        int before = emitted.size();
        int[] outputs = {0};
        Receiver<KV<String, List<String>>> out =
            new Receiver<>(
                page -> {
                  page.getValue().forEach(run -> emitted.add(new RawRun(run, page.getKey())));
                  if (++outputs[0] % checkpointEvery == 0 && residuals.isEmpty()) {
                    SplitResult<ShardRestriction> split = tracker.trySplit(0);
                    if (split != null) {
                      checkpoints++;
                      residuals.add(split.getResidual());
                    }
                  }
                });
        calls++;
        DoFn.ProcessContinuation cont = fn.process(tracker, out);
        if (cont.shouldResume() && residuals.isEmpty()) {
          SplitResult<ShardRestriction> split = tracker.trySplit(0);
          if (split != null) {
            residuals.add(split.getResidual());
          }
        }
        tracker.checkDone();
        for (ShardRestriction residual : residuals) {
          if (emitted.size() == before && !residual.cursors.isEmpty()) {
            // nothing was ready: wait for the page the residual needs next instead of spinning
            fetcher.await(residual.cursors.get(0).request(), TimeUnit.SECONDS.toNanos(10));
          }
          queue.add(residual);
        }
        if (calls > 100_000) {
          throw new AssertionError("reader did not finish");
        }
      }
      return emitted;
    } finally {
      Fetchers.release(config);
      fn.teardown();
    }
  }

  /** An output receiver that hands every element to a consumer. */
  static final class Receiver<T> implements DoFn.OutputReceiver<T> {
    private final java.util.function.Consumer<T> consumer;

    Receiver(java.util.function.Consumer<T> consumer) {
      this.consumer = consumer;
    }

    @Override
    public org.apache.beam.sdk.values.OutputBuilder<T> builder(T value) {
      return org.apache.beam.sdk.values.WindowedValues.<T>builder()
          .setValue(value)
          .setTimestamp(Instant.now())
          .setWindow(org.apache.beam.sdk.transforms.windowing.GlobalWindow.INSTANCE)
          .setPaneInfo(org.apache.beam.sdk.transforms.windowing.PaneInfo.NO_FIRING)
          .setReceiver(windowed -> consumer.accept(windowed.getValue()));
    }
  }
}
