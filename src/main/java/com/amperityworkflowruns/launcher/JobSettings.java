package com.amperityworkflowruns.launcher;

import com.amperityworkflowruns.bigquery.DatasetRef;
import com.amperityworkflowruns.gcp.SecretManagerStore;
import com.amperityworkflowruns.gcp.SecretName;
import com.amperityworkflowruns.gcp.SecretStore;
import com.amperityworkflowruns.api.Credentials;
import com.amperityworkflowruns.io.RunsApiIO;
import com.amperityworkflowruns.model.TimeRanges;
import com.amperityworkflowruns.options.WorkflowRunsOptions;
import com.amperityworkflowruns.publish.OutputLayout;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.runners.dataflow.options.DataflowPipelineWorkerPoolOptions;
import com.amperityworkflowruns.pacing.RedisLimiter;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The validated settings of one job, resolved from its options before the pipeline is built: every
 * bad input fails here with one line that names the fix.
 */
public final class JobSettings {
  public final String tenant;
  public final String baseUrl;
  public final Credentials credentials;
  /** First UTC day read, inclusive. */
  public final LocalDate fromDay;
  /** Last UTC day read, exclusive. */
  public final LocalDate toDay;
  /** Whether --createdFrom/--createdTo were widened to whole UTC days. */
  final boolean widened;
  /** Width of the initial shards, or null: the default grid (--shardDuration=auto). */
  final @Nullable Duration shardDuration;
  /** The reader's bounded poll (--readPollInterval), or null: derived from the runner. */
  final @Nullable Duration readPollInterval;
  public final String output;
  public final int workers;
  public final WorkflowRunsOptions options;
  /** With --format=bigquery, the dataset written; else null. */
  public final @Nullable DatasetRef dataset;
  /** With --rateLimiter=redis, where the tenant's shared budget lives; else null. */
  final @Nullable RedisLimiter redisLimiter;

  private JobSettings(
      WorkflowRunsOptions options,
      String tenant,
      String baseUrl,
      Credentials credentials,
      LocalDate fromDay,
      LocalDate toDay,
      boolean widened,
      @Nullable Duration shardDuration,
      @Nullable Duration readPollInterval,
      String output,
      int workers,
      @Nullable DatasetRef dataset,
      @Nullable RedisLimiter redisLimiter) {
    this.options = options;
    this.tenant = tenant;
    this.baseUrl = baseUrl;
    this.credentials = credentials;
    this.fromDay = fromDay;
    this.toDay = toDay;
    this.widened = widened;
    this.shardDuration = shardDuration;
    this.readPollInterval = readPollInterval;
    this.output = output;
    this.workers = workers;
    this.dataset = dataset;
    this.redisLimiter = redisLimiter;
  }

  /** This job's tenant's files of its output (a Parquet output, or a BigQuery job's folder). */
  OutputLayout layout() {
    return OutputLayout.of(output, tenant);
  }

  public Instant from() {
    return fromDay.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  public Instant to() {
    return toDay.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /**
   * Validates and resolves options.
   *
   * @throws IllegalArgumentException with a one-line, actionable message
   */
  static JobSettings resolve(WorkflowRunsOptions o, Map<String, String> env, Clock clock) {
    return resolve(o, env, clock, SecretManagerStore.factory());
  }

  /** As {@link #resolve(WorkflowRunsOptions, Map, Clock)}, reading secrets from {@code secrets}. */
  public static JobSettings resolve(
      WorkflowRunsOptions o, Map<String, String> env, Clock clock, SecretStore.Factory secrets) {
    String tenant = o.getTenant();
    require(tenant != null && !tenant.isBlank(), "--tenant is required (your Amperity tenant id)");
    String baseUrl =
        RunsApiIO.checkBaseUrl(
            o.getBaseUrl() != null ? o.getBaseUrl() : "https://" + tenant + ".amperity.com/api");
    PageSizes.validate(o);
    require(o.getRateLimit() != null && o.getRateLimit() > 0 && o.getRateLimit() <= 1000,
        "--rateLimit must be a positive number of requests per second (the API allows 10), got "
            + o.getRateLimit());
    require(o.getMaxChainPages() != null && o.getMaxChainPages() >= 1,
        "--maxChainPages must be at least 1");
    require(o.getReadAheadPages() != null && o.getReadAheadPages() >= 0,
        "--readAheadPages must be 0 or more");
    require(o.getMaxRetries() != null && o.getMaxRetries() >= 0, "--maxRetries must be 0 or more");
    DatasetRef dataset = OutputFormat.dataset(o);
    Duration shard = null;
    if (!"auto".equals(o.getShardDuration())) {
      try {
        shard = Duration.parse(o.getShardDuration());
      } catch (DateTimeParseException | NullPointerException e) {
        throw new IllegalArgumentException("--shardDuration=" + o.getShardDuration()
            + " is neither auto nor an ISO 8601 duration (e.g. P7D, PT6H)");
      }
      require(!shard.isNegative() && shard.toMillis() >= 1, "--shardDuration must be positive");
    }
    Duration readPoll = readPollInterval(o.getReadPollInterval());

    LocalDate fromDay;
    LocalDate toDay;
    boolean widened = false;
    if (o.getLookbackDays() != null) {
      require(o.getCreatedFrom() == null && o.getCreatedTo() == null,
          "use either --lookbackDays or --createdFrom/--createdTo, not both");
      require(o.getLookbackDays() >= 0, "--lookbackDays must be 0 or more");
      LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
      fromDay = today.minusDays(o.getLookbackDays());
      toDay = today.plusDays(1);
    } else if ("stream".equals(o.getMode())) {
      fromDay = null; // the stream follows end times instead: StreamSettings
      toDay = null;
    } else {
      require(o.getCreatedFrom() != null, "--createdFrom is required (e.g. --createdFrom=2024-01-01)"
          + " unless --lookbackDays is set");
      require(o.getCreatedTo() != null, "--createdTo is required (exclusive, e.g."
          + " --createdTo=2024-02-01) unless --lookbackDays is set");
      Instant from = parse("--createdFrom", o.getCreatedFrom());
      Instant to = parse("--createdTo", o.getCreatedTo());
      require(from.isBefore(to),
          "--createdFrom (" + o.getCreatedFrom() + ") must be before --createdTo ("
              + o.getCreatedTo() + "); createdTo is exclusive");
      fromDay = LocalDate.ofInstant(from, ZoneOffset.UTC);
      LocalDate lastDay = LocalDate.ofInstant(to.minusNanos(1), ZoneOffset.UTC);
      toDay = lastDay.plusDays(1);
      widened =
          !fromDay.atStartOfDay(ZoneOffset.UTC).toInstant().equals(from)
              || !toDay.atStartOfDay(ZoneOffset.UTC).toInstant().equals(to);
    }

    Credentials credentials = credentials(o, baseUrl).withSecretStore(secrets);
    credentials.validate(env);
    RedisLimiter redisLimiter = RateLimiters.resolve(o, env, secrets);

    String output = OutputFormat.output(o, dataset);
    require(output != null && !output.isBlank(), "--output is required (a directory or gs:// prefix)");
    output = output.endsWith("/") ? output.substring(0, output.length() - 1) : output;
    if (!output.contains("://")) {
      output = java.nio.file.Path.of(output).toAbsolutePath().normalize().toString();
    }
    return new JobSettings(
        o, tenant, baseUrl, credentials, fromDay, toDay, widened, shard, readPoll, output,
        workers(o), dataset, redisLimiter);
  }

  private static Credentials credentials(WorkflowRunsOptions o, String baseUrl) {
    if (o.getClientId() != null) {
      require(o.getTokenFile() == null && o.getTokenSecretName() == null,
          "use either --tokenFile/--tokenSecretName or --clientId, not both");
      require(o.getClientSecretFile() == null || o.getClientSecretName() == null,
          "use either --clientSecretFile or --clientSecretName, not both");
      String tokenUrl = o.getTokenUrl() != null
          ? RunsApiIO.checkBaseUrl(o.getTokenUrl())
          : baseUrl + "/v0/oauth2/token";
      return o.getClientSecretName() != null
          ? Credentials.clientCredentialsFromSecretManager(
              o.getClientId(), SecretName.parse("--clientSecretName", o.getClientSecretName()),
              tokenUrl)
          : Credentials.clientCredentials(o.getClientId(), o.getClientSecretFile(), tokenUrl);
    }
    require(o.getClientSecretFile() == null, "--clientSecretFile needs --clientId");
    require(o.getClientSecretName() == null, "--clientSecretName needs --clientId");
    require(o.getTokenFile() == null || o.getTokenSecretName() == null,
        "use either --tokenFile or --tokenSecretName, not both");
    if (o.getTokenSecretName() != null) {
      return Credentials.tokenFromSecretManager(
          SecretName.parse("--tokenSecretName", o.getTokenSecretName()));
    }
    return o.getTokenFile() != null
        ? Credentials.tokenFile(o.getTokenFile())
        : Credentials.tokenFromEnvironment();
  }

  /**
   * Readers that run at once: Dataflow's --maxNumWorkers, else its --numWorkers (a Flex Template
   * launch may pass only one of them), else 1 off Dataflow.
   */
  private static int workers(WorkflowRunsOptions o) {
    if (o.getRunner() == null
        || !o.getRunner().getSimpleName().toLowerCase(Locale.ROOT).contains("dataflow")) {
      return 1;
    }
    DataflowPipelineWorkerPoolOptions pool = o.as(DataflowPipelineWorkerPoolOptions.class);
    int workers = pool.getMaxNumWorkers() >= 1 ? pool.getMaxNumWorkers() : pool.getNumWorkers();
    require(workers >= 1, "on Dataflow set --maxNumWorkers (or --numWorkers): the rate budget is"
        + " divided among that many workers");
    return workers;
  }

  /** --readPollInterval: null when unset (derived from the runner), else 1 ms to 60 s. */
  private static @Nullable Duration readPollInterval(@Nullable String value) {
    if (value == null) {
      return null;
    }
    Duration poll;
    try {
      poll = Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--readPollInterval=" + value
          + " is not an ISO 8601 duration (e.g. PT5S, PT0.25S)");
    }
    require(poll.toMillis() >= 1 && poll.compareTo(Duration.ofSeconds(60)) <= 0,
        "--readPollInterval must be from PT0.001S to PT60S, got " + value);
    return poll;
  }

  private static Instant parse(String option, @Nullable String value) {
    try {
      return TimeRanges.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage());
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
