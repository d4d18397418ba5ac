package com.amperityworkflowruns.launcher.commands;

import com.amperityworkflowruns.bigquery.BigQueryBackend;
import com.amperityworkflowruns.check.ApiChecks;
import com.amperityworkflowruns.check.Check;
import com.amperityworkflowruns.check.CheckDeadline;
import com.amperityworkflowruns.check.CloudChecks;
import com.amperityworkflowruns.check.GoogleCloud;
import com.amperityworkflowruns.gcp.SecretManagerStore;
import com.amperityworkflowruns.gcp.SecretName;
import com.amperityworkflowruns.gcp.SecretStore;
import com.amperityworkflowruns.io.ApiProbe;
import com.amperityworkflowruns.io.RunsApiIO;
import com.amperityworkflowruns.launcher.EmbeddedApi;
import com.amperityworkflowruns.launcher.JobDefinition;
import com.amperityworkflowruns.launcher.JobSettings;
import com.amperityworkflowruns.launcher.Launcher;
import com.amperityworkflowruns.launcher.PageSizes;
import com.amperityworkflowruns.launcher.StreamSettings;
import com.amperityworkflowruns.options.WorkflowRunsOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.sdk.extensions.gcp.options.GcpOptions;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code check [job options or --pipeline=FILE]}: checks, in seconds and before any job, what a
 * job with these options needs: the Amperity API (token, tenant, api-version, runs path, the
 * largest page it accepts, {@code with_total}, runs in the last 24 hours and in the job's range,
 * latency, the runs' tenant) and the Google Cloud services the job uses. One line per check
 * ({@code ok}, {@code FAIL} with the fix, {@code skipped} with the reason), then a summary. Exit 0
 * when nothing failed, 1 when a check failed, 2 for bad options. It writes nothing but probe
 * objects that it deletes, and ends within a minute.
 */
public final class CheckCommand {
  /** The command's name on the command line. */
  public static final String NAME = "check";

  /** Longest one request of the API checks may take. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final Clock clock;
  private final SecretStore.Factory secrets;
  private final BigQueryBackend bigQuery;
  private final GoogleCloud.Factory cloud;
  private CheckDeadline deadline;

  /** The command against Google Cloud and Secret Manager themselves. */
  public CheckCommand(PrintStream out, PrintStream err, Map<String, String> env, Clock clock) {
    this(out, err, env, clock, SecretManagerStore.factory(), BigQueryBackend.google(),
        GoogleCloud.google());
  }

  /** The command with every seam given (tests pass in-memory fakes). */
  public CheckCommand(PrintStream out, PrintStream err, Map<String, String> env, Clock clock,
      SecretStore.Factory secrets, BigQueryBackend bigQuery, GoogleCloud.Factory cloud) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.clock = clock;
    this.secrets = secrets;
    this.bigQuery = bigQuery;
    this.cloud = cloud;
  }

  /** Gives the checks this budget instead of a minute (tests of deadlines). */
  CheckCommand withDeadline(CheckDeadline d) {
    this.deadline = d;
    return this;
  }

  /** Runs the checks named by {@code args} (the job's options); returns the exit code. */
  public int run(String[] args) {
    if (Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"))) {
      printHelp();
      return Launcher.OK;
    }
    long start = System.nanoTime();
    CheckDeadline budget = deadline != null ? deadline : CheckDeadline.startingNow();
    PipelineOptionsFactory.register(WorkflowRunsOptions.class);
    String[] resolved;
    WorkflowRunsOptions options;
    SecretName secret;
    try {
      resolved = JobDefinition.resolve(args);
      options = PipelineOptionsFactory.fromArgs(resolved).withValidation()
          .as(WorkflowRunsOptions.class);
      secret = secretName(options);
    } catch (IllegalArgumentException e) {
      return badInput(Launcher.optionError(e));
    }
    FileSystems.setDefaultPipelineOptions(options);
    try (EmbeddedApi embedded = EmbeddedApi.startIf(options, out)) {
      JobSettings settings;
      try {
        // The secret is read by its own check below, under a deadline: the settings are resolved
        // with a stand-in, so that an unreadable secret is a failed check, not bad options.
        if ("stream".equals(options.getMode())) {
          settings = StreamSettings.resolve(options, env, clock, standIn(), embedded.liveClock())
              .base;
        } else if ("batch".equals(options.getMode())) {
          settings = JobSettings.resolve(options, env, clock, standIn());
        } else {
          return badInput("--mode=" + options.getMode() + " is not a mode: use batch (the"
              + " default) or stream");
        }
      } catch (IllegalArgumentException e) {
        return badInput(e.getMessage());
      }
      out.println(header(settings));
      List<Check> cloudLines = CloudChecks.run(cloudTarget(settings, options, resolved, secret),
          new CloudChecks.Seams(env, cloud, secrets, bigQuery), budget);
      boolean secretRead = secret == null || cloudLines.stream()
          .anyMatch(c -> c.name().equals("secret") && c.status() == Check.Status.OK);
      List<Check> lines = new ArrayList<>(apiChecks(settings, secretRead, budget));
      lines.addAll(cloudLines);
      lines.forEach(c -> out.println(c.line()));
      return summary(lines, (System.nanoTime() - start) / 1e9);
    } catch (IOException | IllegalArgumentException e) {
      return badInput(e.getMessage());
    }
  }

  private List<Check> apiChecks(JobSettings s, boolean secretRead, CheckDeadline budget) {
    ApiChecks.Target target = new ApiChecks.Target(s.tenant, s.baseUrl,
        s.options.getApiVersion(), s.options.getRunsPath(), s.credentials.toString(),
        s.options.getClientId() != null, PageSizes.validate(s.options),
        s.options.getMaxPageSize(), s.fromDay == null ? null : s.from(),
        s.toDay == null ? null : s.to());
    if (!secretRead) {
      return List.of(Check.skipped("api", "not asked: the secret could not be read (see secret)"));
    }
    RunsApiIO.Read read = RunsApiIO.read()
        .withBaseUrl(s.baseUrl)
        .withTenant(s.tenant)
        .withApiVersion(s.options.getApiVersion())
        .withRunsPath(s.options.getRunsPath())
        .withCredentials(s.credentials.withSecretStore(secrets))
        .withState(s.options.getState())
        .withType(s.options.getType())
        .withRateLimit(s.options.getRateLimit())
        .withWorkers(s.workers)
        .withMaxRetries(1)
        .withInitialBackoff(Duration.ofMillis(200))
        .withRequestTimeout(REQUEST_TIMEOUT);
    try (ApiProbe probe = ApiProbe.of(read)) {
      return ApiChecks.run(probe, target, budget, clock.instant());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of(Check.fail("api", "interrupted", "run check again"));
    } catch (RuntimeException e) {
      return List.of(Check.fail("api", Launcher.rootMessage(e), "check the options named"));
    }
  }

  private CloudChecks.Target cloudTarget(JobSettings s, WorkflowRunsOptions o, String[] resolved,
      @Nullable SecretName secret) {
    String runner = o.getRunner() == null ? "" : o.getRunner().getSimpleName();
    boolean dataflow = runner.toLowerCase(Locale.ROOT).contains("dataflow");
    DataflowPipelineOptions df = o.as(DataflowPipelineOptions.class);
    // Only options given are read: the defaults of --project and --stagingLocation are computed
    // by Beam from gcloud's files and from Cloud Storage (minutes without the network).
    boolean namesProject = Arrays.stream(resolved).anyMatch(a -> a.startsWith("--project="));
    boolean namesStaging =
        Arrays.stream(resolved).anyMatch(a -> a.startsWith("--stagingLocation="));
    return new CloudChecks.Target(s.output, o.getTempLocation(), dataflow,
        dataflow && namesStaging ? df.getStagingLocation() : null, s.dataset, secret,
        namesProject ? o.as(GcpOptions.class).getProject() : null,
        dataflow ? df.getServiceAccount() : null);
  }

  private static @Nullable SecretName secretName(WorkflowRunsOptions o) {
    if (o.getClientSecretName() != null) {
      return SecretName.parse("--clientSecretName", o.getClientSecretName());
    }
    return o.getTokenSecretName() == null ? null
        : SecretName.parse("--tokenSecretName", o.getTokenSecretName());
  }

  /** A secret store that answers without a request (the secret's own check reads the real one). */
  private static SecretStore.Factory standIn() {
    return environment -> new SecretStore() {
      @Override
      public byte[] access(SecretName name) {
        return "read-by-the-secret-check".getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public void close() {}
    };
  }

  private String header(JobSettings s) {
    String range = s.fromDay == null ? "a stream from --followFrom"
        : "runs created in [" + s.fromDay + ", " + s.toDay + ")";
    return "check: tenant " + s.tenant + " at " + s.baseUrl + "; the job reads " + range
        + " into " + (s.dataset != null ? "BigQuery " + s.dataset : s.output);
  }

  private int summary(List<Check> lines, double seconds) {
    long ok = lines.stream().filter(c -> c.status() == Check.Status.OK).count();
    long failed = lines.stream().filter(c -> c.status() == Check.Status.FAIL).count();
    long skipped = lines.size() - ok - failed;
    out.printf(Locale.ROOT, "summary: %d ok, %d FAIL, %d skipped in %.1f s%s%n", ok, failed,
        skipped, seconds, failed > 0 ? ": fix the FAIL lines, then run check again"
            : ": ready for the first job");
    return failed > 0 ? Launcher.JOB_FAILED : Launcher.OK;
  }

  private void printHelp() {
    out.println("check [--pipeline=FILE] [job options]: checks the tenant, its credentials, the"
        + " API's page limit");
    out.println("and the Google Cloud resources a job with these options needs, in seconds;"
        + " one line per check");
    out.println("(ok, FAIL with the fix, skipped with the reason), then a summary. Writes nothing"
        + " but probe");
    out.println("objects it deletes. Exit 0: nothing failed; 1: a check failed; 2: bad options.");
    out.println("Example: java -jar amperity-workflow-runs.jar check"
        + " --pipeline=pipelines/nightly.yaml --tenant=acme");
  }

  private int badInput(String message) {
    err.println("error: " + message);
    return Launcher.BAD_INPUT;
  }
}
