package com.amperityworkflowruns.launcher;

import com.amperityworkflowruns.bigquery.BigQueryBackend;
import com.amperityworkflowruns.gcp.SecretStore;
import com.amperityworkflowruns.io.PageSizeProbe;
import com.amperityworkflowruns.options.WorkflowRunsOptions;
import com.amperityworkflowruns.sink.ClosedWindow;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.sink.StreamLease;
import com.amperityworkflowruns.sink.StreamProgress;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Runs a stream job ({@code --mode=stream}): validate, start the embedded simulator when asked
 * (in live mode when its clock is set), run the pipeline, print a line per closed window, and
 * with {@code --stopAt} return once every window before it was written. Exit codes as {@link
 * Launcher}.
 */
final class StreamLauncher {
  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final Clock clock;
  private final SecretStore.Factory secrets;
  private final BigQueryBackend bigQuery;

  StreamLauncher(
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      Clock clock,
      SecretStore.Factory secrets,
      BigQueryBackend bigQuery) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.clock = clock;
    this.secrets = secrets;
    this.bigQuery = bigQuery;
  }

  int run(WorkflowRunsOptions options, String[] args) {
    EmbeddedApi embedded;
    try {
      embedded = EmbeddedApi.startIf(options, out);
    } catch (IOException | IllegalArgumentException e) {
      return badInput(e.getMessage());
    }
    try (embedded) {
      StreamSettings settings;
      try {
        settings = StreamSettings.resolve(options, env, clock, secrets, embedded.liveClock());
        // Before the lease and the BigQuery clean-up: a refused runner leaves nothing behind.
        DataflowWorkers.fixStreamPool(options);
        if (settings.base.dataset != null) {
          StreamBigQuerySteps.check(settings, bigQuery, env);
        }
        OutputCheck.ensureWritable(settings.base.output, options, env);
      } catch (IllegalArgumentException e) {
        return badInput(e.getMessage());
      }
      return runJob(settings, args);
    } catch (IOException e) {
      err.println("error: cannot stop the embedded simulator: " + e.getMessage());
      return Launcher.JOB_FAILED;
    }
  }

  private int runJob(StreamSettings s, String[] args) {
    if (s.followFromRounded) {
      out.printf("note: --followFrom rounded down to %s, the start of its %s window%n",
          s.followFrom, s.statsWindow);
    }
    if (s.resumed) {
      out.printf("resuming: %s was followed up to %s%n", s.base.output, s.followFrom);
    }
    out.printf(
        "following %s runs that ended from %s%s, polling every %s (settle %s, windows %s), from %s"
            + " into %s%n",
        s.base.tenant,
        s.followFrom,
        s.stopAt == null ? " on" : " to " + s.stopAt,
        s.pollInterval,
        s.settleDelay,
        s.statsWindow,
        s.base.baseUrl,
        s.base.output);
    try {
      // Runs created in the day before the stream's start: any range tells which limit is refused.
      Instant probeFrom = s.followFrom.minus(java.time.Duration.ofDays(1));
      Instant now = s.clock.instant();
      PageSizeProbe pages = PageSizes.decide(s.base.options,
          StreamPipeline.connection(s), probeFrom,
          now.isAfter(probeFrom) ? now : probeFrom.plus(java.time.Duration.ofDays(1)));
      out.println(PageSizes.line(s.base.options, pages));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return jobFailed(e);
    } catch (RuntimeException e) {
      return jobFailed(e);
    }
    if (s.base.dataset == null) {
      return runPipeline(s, args, Set.of(), null);
    }
    OutputLayout state = s.base.layout();
    String jobId = s.base.options.getJobName();
    try {
      StreamLease.acquire(state, jobId);
    } catch (IllegalStateException e) {
      return badInput(e.getMessage());
    } catch (IOException e) {
      return jobFailed(e);
    }
    boolean submitted = false;
    try {
      StreamBigQuerySteps.Plan plan;
      try {
        plan = StreamBigQuerySteps.prepare(s, bigQuery);
      } catch (IllegalArgumentException e) {
        return badInput(e.getMessage());
      } catch (IOException e) {
        return jobFailed(e);
      }
      if (plan.note != null) {
        out.println(plan.note);
      }
      submitted = !isLocal(s.base);
      return runPipeline(s, args, plan.recorded, jobId);
    } finally {
      if (!submitted) {
        StreamLease.release(state, jobId);
      }
    }
  }

  /**
   * Runs the pipeline; {@code recorded}: windows not written again, {@code leaseJobId}: the job
   * holding the stream lease (BigQuery), renewed from the pipeline.
   */
  private int runPipeline(StreamSettings s, String[] args, Set<Long> recorded,
      @Nullable String leaseJobId) {
    DirectOptions direct = s.base.options.as(DirectOptions.class);
    direct.setBlockOnRun(false);
    if (!Launcher.mentions(args, "enforceImmutability")) {
      direct.setEnforceImmutability(false);
    }
    if (!Launcher.mentions(args, "enforceEncodability")) {
      direct.setEnforceEncodability(false);
    }
    long start = System.nanoTime();
    PipelineResult result;
    try {
      Pipeline pipeline = Pipeline.create(s.base.options);
      StreamPipeline.build(pipeline, s, bigQuery, recorded, leaseJobId);
      result = pipeline.run();
    } catch (RuntimeException e) {
      return jobFailed(e);
    }
    if (!isLocal(s.base)) {
      out.println("submitted the stream job; follow it in the runner's console");
      return Launcher.OK;
    }
    OutputLayout layout = s.base.layout();
    try (WindowReporter windows =
        new WindowReporter(layout, out, s.followFrom.toEpochMilli(), 500)) {
      Thread cancelOnExit = new Thread(() -> cancelQuietly(result), "cancel-stream");
      Runtime.getRuntime().addShutdownHook(cancelOnExit);
      try {
        result.waitUntilFinish();
      } catch (RuntimeException e) {
        return jobFailed(e);
      } finally {
        removeHook(cancelOnExit);
      }
      if (result.getState() != PipelineResult.State.DONE) {
        err.println("error: the stream ended in state " + result.getState());
        return Launcher.JOB_FAILED;
      }
      try {
        windows.report();
        String missing = missingWindows(StreamProgress.closedWindows(layout), s);
        if (missing != null) {
          err.println("error: the stream ended without recording " + missing
              + "; --followFrom=resume reads them again");
          return Launcher.JOB_FAILED;
        }
      } catch (IOException e) {
        out.println("note: cannot read the stream state: " + e.getMessage());
      }
      JobMetrics m = JobMetrics.of(result);
      double seconds = (System.nanoTime() - start) / 1e9;
      out.println();
      out.printf(
          "done in %.1f s: %,d windows closed up to %s, %,d finished runs written (%,d failed),"
              + " %,d rejects, %,d duplicates removed, %,d requests, %,d retries, %,d x 429%n",
          seconds,
          windows.windows(),
          s.stopAt,
          windows.runs(),
          windows.failed(),
          windows.rejects(),
          m.get("duplicates_removed"),
          m.get("requests"),
          m.get("retries"),
          m.get("responses_429"));
      out.println(s.base.dataset != null
          ? "output: " + s.base.dataset + ".{finished_runs,type_stats_hourly,rejects_stream}"
              + " (stream state in " + s.base.output + ")"
          : "output: " + s.base.output + "/{finished_runs,type_stats_hourly,rejects_stream}");
      return Launcher.OK;
    }
  }

  /**
   * The windows of {@code [followFrom, stopAt)} with no marker ("N window(s): A, B, ..."), or null
   * when all are recorded or the job has no stopAt.
   */
  static @Nullable String missingWindows(List<ClosedWindow> markers, StreamSettings s) {
    if (s.stopAt == null) {
      return null;
    }
    return missingWindows(markers, s.followFrom.toEpochMilli(), s.stopAt.toEpochMilli(),
        s.statsWindow.toMillis());
  }

  static @Nullable String missingWindows(List<ClosedWindow> markers, long from, long to,
      long window) {
    Set<Long> recorded = new HashSet<>();
    for (ClosedWindow w : markers) {
      recorded.add(w.windowStart);
    }
    List<String> missing = new ArrayList<>();
    for (long t = from; t < to; t += window) {
      if (!recorded.contains(t)) {
        missing.add(Instant.ofEpochMilli(t) + "--" + Instant.ofEpochMilli(t + window));
      }
    }
    if (missing.isEmpty()) {
      return null;
    }
    String names = String.join(", ", missing.subList(0, Math.min(5, missing.size())))
        + (missing.size() > 5 ? ", ..." : "");
    return missing.size() + " window(s): " + names;
  }

  private static void cancelQuietly(PipelineResult result) {
    try {
      result.cancel();
    } catch (IOException | RuntimeException e) {
      // the JVM is exiting anyway
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down
    }
  }

  private static boolean isLocal(JobSettings s) {
    return s.workers == 1
        && (s.options.getRunner() == null
            || s.options.getRunner().getSimpleName().contains("Direct"));
  }

  private int badInput(String message) {
    err.println("error: " + message);
    return Launcher.BAD_INPUT;
  }

  private int jobFailed(Throwable e) {
    err.println("error: the stream failed: " + Launcher.rootMessage(e));
    return Launcher.JOB_FAILED;
  }
}
