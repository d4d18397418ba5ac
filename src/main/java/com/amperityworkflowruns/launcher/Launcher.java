package com.amperityworkflowruns.launcher;

import com.amperityworkflowruns.bigquery.BigQueryBackend;
import com.amperityworkflowruns.bigquery.BigQueryPreparation;
import com.amperityworkflowruns.bigquery.BigQueryStaging;
import com.amperityworkflowruns.gcp.SecretManagerStore;
import com.amperityworkflowruns.gcp.SecretStore;
import com.amperityworkflowruns.io.ReadPlan;
import com.amperityworkflowruns.io.RunsApiIO;
import com.amperityworkflowruns.fetch.ShardReadException;
import com.amperityworkflowruns.model.Days;
import com.amperityworkflowruns.options.WorkflowRunsOptions;
import com.amperityworkflowruns.report.ReliabilityReport;
import com.amperityworkflowruns.report.WriteReport;
import com.amperityworkflowruns.sink.GuardedPublish;
import com.amperityworkflowruns.sink.LegacyOutput;
import com.amperityworkflowruns.publish.OutputFilter;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.publish.PublishHook;
import com.amperityworkflowruns.publish.PublishPolicy;
import com.amperityworkflowruns.publish.PublishRefusedException;
import com.amperityworkflowruns.publish.RefreshMark;
import com.amperityworkflowruns.sink.RefreshMarks;
import com.amperityworkflowruns.transforms.FileUnderTenant;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Runs one job from the command line: resolve the job definition and options, validate them, start
 * the embedded simulator when asked, run the pipeline with progress lines, print the summary.
 * Returns the process exit code: 0 done, 1 the job failed, 2 bad input.
 */
public final class Launcher {
  /** Exit code of a finished job. */
  public static final int OK = 0;
  /** Exit code of a job that failed while running. */
  public static final int JOB_FAILED = 1;
  /** Exit code of bad input: nothing was read or written. */
  public static final int BAD_INPUT = 2;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final Clock clock;
  private final SecretStore.Factory secrets;
  private final BigQueryBackend bigQuery;
  private PublishHook publishHook = PublishHook.NONE;

  /** A launcher printing to the given streams; secrets from {@code env} or Secret Manager. */
  public Launcher(PrintStream out, PrintStream err, Map<String, String> env, Clock clock) {
    this(out, err, env, clock, SecretManagerStore.factory(), BigQueryBackend.google());
  }

  /** A launcher reading the secrets named by options from {@code secrets}. */
  public Launcher(
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      Clock clock,
      SecretStore.Factory secrets) {
    this(out, err, env, clock, secrets, BigQueryBackend.google());
  }

  /** A launcher writing {@code --format=bigquery} output through {@code bigQuery}. */
  public Launcher(
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      Clock clock,
      BigQueryBackend bigQuery) {
    this(out, err, env, clock, SecretManagerStore.factory(), bigQuery);
  }

  /** A launcher with both seams given. */
  public Launcher(
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

  /** Calls {@code hook} during the publish (tests overlap jobs with it); returns this launcher. */
  public Launcher withPublishHook(PublishHook hook) {
    this.publishHook = hook == null ? PublishHook.NONE : hook;
    return this;
  }

  /** Runs the job described by {@code args}; returns the exit code. */
  public int run(String[] args) {
    java.util.Optional<Integer> help = Usage.handle(args, out, err);
    if (help.isPresent()) {
      return help.get();
    }
    String notInTemplate = TemplateLaunch.refusal(args, env);
    if (notInTemplate != null) {
      return badInput(notInTemplate);
    }
    args = TemplateLaunch.normalized(args);
    PipelineOptionsFactory.register(WorkflowRunsOptions.class);
    WorkflowRunsOptions options;
    try {
      options =
          PipelineOptionsFactory.fromArgs(JobDefinition.resolve(args))
              .withValidation()
              .as(WorkflowRunsOptions.class);
    } catch (IllegalArgumentException e) {
      return badInput(optionError(e));
    }
    // Before any file operation: gs:// (and any other registered scheme) from the options.
    FileSystems.setDefaultPipelineOptions(options);
    if ("stream".equals(options.getMode())) {
      return new StreamLauncher(out, err, env, clock, secrets, bigQuery).run(options, args);
    }
    if (!"batch".equals(options.getMode())) {
      return badInput("--mode=" + options.getMode() + " is not a mode: use batch (the default) or"
          + " stream");
    }
    try (EmbeddedApi embedded = EmbeddedApi.startIf(options, out)) {
      JobSettings settings;
      PublishPolicy policy;
      try {
        settings = JobSettings.resolve(options, env, clock, secrets);
        OutputCheck.ensureReachable(settings.output, options, env);
        LegacyOutput.checkNotLegacy(settings.output, settings.tenant);
        BigQueryChecks.check(settings, bigQuery, env);
        policy = PublishSettings.policy(settings, ResumeSpoolDir.of(settings), publishHook);
        OutputCheck.ensureWritable(settings.output, options, env);
        OutputFilter.of(options.getState(), options.getType())
            .checkCompatible(settings.output, settings.tenant);
      } catch (IllegalArgumentException | PublishRefusedException e) {
        return badInput(e.getMessage());
      }
      return runJob(settings, policy, args);
    } catch (IOException | IllegalArgumentException e) {
      return badInput(e.getMessage());
    }
  }

  static boolean mentions(String[] args, String option) {
    for (String a : args) {
      if (a.startsWith("--" + option)) {
        return true;
      }
    }
    return false;
  }

  private int runJob(JobSettings settings, PublishPolicy policy, String[] args) {
    String spoolDir = ResumeSpoolDir.of(settings);
    boolean resume = Boolean.TRUE.equals(settings.options.getResume());
    PageSizes.Decision pageSize;
    try {
      pageSize = PageSizes.decide(settings.options, WorkflowRunsPipeline.reader(settings),
          settings.from(), settings.to(), spoolDir, resume);
      out.println(pageSize.line(settings.options));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return jobFailed(e);
    } catch (IOException | RuntimeException e) {
      return jobFailed(e);
    }
    if (Boolean.TRUE.equals(settings.options.getDryRun())) {
      return dryRun(settings);
    }
    Instant jobStart = clock.instant();
    OutputLayout layout = settings.layout();
    String jobId =
        "job-"
            + LocalDateTime.now(clock).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
            + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    try {
      GuardedPublish.forOutput(layout).recoverIfIdle(layout, jobId).forEach(err::println);
    } catch (IOException e) {
      err.println("error: cannot recover an earlier interrupted publish in " + settings.output
          + ": " + e.getMessage());
      return JOB_FAILED;
    }
    BigQueryStaging staging = null;
    if (settings.dataset != null) {
      try {
        staging = BigQueryChecks.prepare(settings, bigQuery, jobId, clock);
      } catch (IllegalArgumentException e) {
        return badInput(e.getMessage());
      }
    }
    if (settings.widened) {
      out.printf("note: range widened to whole UTC days, as output is replaced per day%n");
    }
    out.printf(
        "reading %s runs created in [%s, %s) from %s into %s%n",
        settings.tenant, settings.fromDay, settings.toDay, settings.baseUrl, settings.output);

    DirectOptions direct = settings.options.as(DirectOptions.class);
    direct.setBlockOnRun(false);
    if (!mentions(args, "enforceImmutability")) {
      // Test-time checks that encode every element at every step; a production run skips them.
      direct.setEnforceImmutability(false);
    }
    if (!mentions(args, "enforceEncodability")) {
      direct.setEnforceEncodability(false);
    }
    DataflowWorkers.fixPool(settings.options);
    Pipeline pipeline = Pipeline.create(settings.options);
    try {
      if (!resume) {
        FileTrees.delete(spoolDir);
      }
      PageSizes.keep(settings.options, pageSize, spoolDir);
    } catch (IOException e) {
      err.println("error: cannot prepare the resume spool " + spoolDir + ": " + e.getMessage());
      return JOB_FAILED;
    }
    RunsApiIO.Read read = WorkflowRunsPipeline.reader(settings).withResumeSpool(spoolDir, resume);
    Days days = Days.range(settings.fromDay, settings.toDay);
    RefreshDays refresh;
    try {
      RefreshMark mark = staging == null ? RefreshMarks.read(layout)
          : BigQueryPreparation.refreshMark(bigQuery, settings.dataset, settings.tenant);
      refresh = RefreshDays.plan(settings, read, spoolDir, resume, mark);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return jobFailed(e);
    } catch (IOException | RuntimeException e) {
      return jobFailed(e);
    }
    if (refresh.describe() != null) {
      out.println(refresh.describe());
    }
    read = read.withExtraDays(refresh.days);
    days = days.plus(refresh.days);
    policy = policy.withRefreshMark(jobStart, refresh.markAtStart);
    WorkflowRunsPipeline.build(pipeline, settings, read, jobId, staging, bigQuery, policy, days);
    long initialShards = initialShards(settings) + days.extra().size();
    long start = System.nanoTime();
    PipelineResult result;
    try {
      result = pipeline.run();
    } catch (RuntimeException e) {
      return jobFailed(e);
    }
    if (!isLocal(settings)) {
      out.println("submitted " + jobId + "; follow it in the runner's console"
          + (settings.dataset != null ? ""
              : "; report when done: "
                  + ReliabilityReport.of(settings.output, settings.tenant).location()));
      return OK;
    }
    try (ProgressReporter progress = new ProgressReporter(result, out, initialShards,
        staging == null ? days.size() : 0, 5)) {
      result.waitUntilFinish();
    } catch (RuntimeException e) {
      return jobFailed(e);
    }
    if (result.getState() != PipelineResult.State.DONE) {
      err.println("error: the job ended in state " + result.getState());
      return JOB_FAILED;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    printSummary(settings, jobId, JobMetrics.of(result), seconds);
    return OK;
  }

  private int dryRun(JobSettings settings) {
    try {
      DryRun.print(settings, WorkflowRunsPipeline.reader(settings), out);
      return OK;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return jobFailed(e);
    } catch (RuntimeException e) {
      return jobFailed(e);
    }
  }

  private void printSummary(JobSettings s, String jobId, JobMetrics m, double seconds) {
    out.println();
    try {
      List<JsonNode> rows = SummaryReport.read(s.output, jobId);
      SummaryReport.print(rows, out);
      SummaryReport.delete(s.output, jobId);
    } catch (IOException e) {
      out.println("(summary unavailable: " + e.getMessage() + ")");
    }
    out.println();
    out.printf(
        "done in %.1f s: %,d runs written (%,d read, %,d duplicates removed), %,d rejects,"
            + " %,d requests (%.1f/s), %,d retries, %,d x 429, %,d shards resumed, page size %d%n",
        seconds,
        m.get("runs_normalized") - m.get("duplicates_removed"),
        m.get("runs_read"),
        m.get("duplicates_removed"),
        m.get("rejects"),
        m.get("requests"),
        m.get("requests") / Math.max(seconds, 1e-9),
        m.get("retries"),
        m.get("responses_429"),
        m.get("shards_resumed"),
        m.get("page_size"));
    if (m.get("rate_limiter_fallbacks") > 0) {
      out.printf("note: the shared rate budget (--redis) did not answer %,d time(s): %,d requests"
          + " were sent within this JVM's local share meanwhile%n",
          m.get("rate_limiter_fallbacks"), m.get("requests_on_fallback_budget"));
    }
    if (s.dataset == null) {
      out.println(PhaseProgress.summary(m));
    }
    if (m.get("runs_outside_range") > 0) {
      out.printf("note: %,d runs served outside the shard that asked for them were dropped (their"
          + " own shard or job keeps them)%n", m.get("runs_outside_range"));
    }
    if (m.get(FileUnderTenant.OTHER_TENANT_COUNTER) > 0) {
      out.printf("note: %,d runs carried a tenant other than %s; they are filed under %s (their"
          + " own value is kept in raw_json): check --tenant%n",
          m.get(FileUnderTenant.OTHER_TENANT_COUNTER), s.tenant, s.tenant);
    }
    if (s.dataset != null) {
      out.println("output: BigQuery " + s.dataset + ".{workflow_runs,workflow_type_stats,rejects}");
      return;
    }
    out.println("output: " + s.output + "/{workflow_runs,workflow_type_stats,rejects}");
    out.println(m.get(WriteReport.WRITTEN) > 0
        ? "report: " + ReliabilityReport.of(s.output, s.tenant).location()
        : "note: the report could not be written (see the log above); rebuild it with"
            + " `report --output=" + s.output + " --tenant=" + s.tenant + "`");
  }

  private static long initialShards(JobSettings s) {
    return ReadPlan.startingShards(s.from(), s.to(), s.shardDuration);
  }

  private static boolean isLocal(JobSettings s) {
    return s.workers == 1
        && (s.options.getRunner() == null
            || s.options.getRunner().getSimpleName().contains("Direct"));
  }

  private int badInput(String message) {
    err.println("error: " + message);
    return BAD_INPUT;
  }

  private int jobFailed(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PublishRefusedException) {
        err.println("error: " + t.getMessage());
        return JOB_FAILED;
      }
    }
    err.println("error: the job failed: " + rootMessage(e));
    return JOB_FAILED;
  }

  /** The most specific message: a shard failure if there is one, else the root cause. */
  public static String rootMessage(Throwable e) {
    Throwable t = e;
    Throwable root = e;
    while (t != null) {
      if (t instanceof ShardReadException || t instanceof PublishRefusedException) {
        return t.getMessage();
      }
      root = t;
      t = t.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  public static String optionError(IllegalArgumentException e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    if (m.contains("missing a property named")) {
      int i = m.indexOf("named '");
      String name = i < 0 ? "" : m.substring(i + 7, m.indexOf('\'', i + 7));
      return "unknown option --" + name + " (see --help=WorkflowRunsOptions for the options)";
    }
    return m.split("\n")[0];
  }
}
