package com.amperityworkflowruns.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The command line of the job. These names are the public contract: job definitions in {@code
 * pipelines/} and the Terraform variables use them too. No option carries a secret: tokens and
 * client secrets come from files, the environment or Secret Manager (an option names the secret).
 */
public interface WorkflowRunsOptions extends PipelineOptions, PublishOptions {
  @Description("Job definition (YAML) to load options from, e.g. pipelines/demo.yaml; options on"
      + " the command line override it.")
  String getPipeline();

  void setPipeline(String value);

  @Description("Amperity tenant id (sent as the amperity-tenant header). Required.")
  String getTenant();

  void setTenant(String value);

  @Description("API base URL. Default: https://{tenant}.amperity.com/api. http:// is refused"
      + " unless the host is loopback.")
  String getBaseUrl();

  void setBaseUrl(String value);

  @Description("api-version header. Default: 2024-04-01.")
  @Default.String("2024-04-01")
  String getApiVersion();

  void setApiVersion(String value);

  @Description("Path of the runs endpoint under --baseUrl. Default: /workflow/runs.")
  @Default.String("/workflow/runs")
  String getRunsPath();

  void setRunsPath(String value);

  @Description("File holding a bearer token (else the AMPERITY_TOKEN environment variable, or"
      + " OAuth with --clientId).")
  String getTokenFile();

  void setTokenFile(String value);

  @Description("OAuth client id; the secret is read from --clientSecretName, --clientSecretFile"
      + " or the AMPERITY_CLIENT_SECRET environment variable.")
  String getClientId();

  void setClientId(String value);

  @Description("File holding the OAuth client secret.")
  String getClientSecretFile();

  void setClientSecretFile(String value);

  @Description("Secret Manager version holding the OAuth client secret (with --clientId), read by"
      + " the launcher and by each worker: projects/PROJECT/secrets/SECRET/versions/VERSION, or"
      + " without /versions/ for latest. The way to pass the secret on Dataflow.")
  String getClientSecretName();

  void setClientSecretName(String value);

  @Description("Secret Manager version holding a bearer token (instead of --tokenFile):"
      + " projects/PROJECT/secrets/SECRET/versions/VERSION, or without /versions/ for latest.")
  String getTokenSecretName();

  void setTokenSecretName(String value);

  @Description("OAuth token endpoint. Default: {baseUrl}/v0/oauth2/token.")
  String getTokenUrl();

  void setTokenUrl(String value);

  @Description("Start of the range of run creation times, inclusive (ISO 8601 UTC, e.g."
      + " 2024-01-01). Widened to the start of its UTC day.")
  String getCreatedFrom();

  void setCreatedFrom(String value);

  @Description("End of the range, exclusive (ISO 8601 UTC). Widened to the end of its UTC day.")
  String getCreatedTo();

  void setCreatedTo(String value);

  @Description("Instead of --createdFrom/--createdTo: read the last N UTC days and today (the"
      + " nightly job re-reads recent days because open runs change later).")
  Integer getLookbackDays();

  void setLookbackDays(Integer value);

  @Description("Only runs in this state (passed to the API). Default: all.")
  String getState();

  void setState(String value);

  @Description("Only runs of this raw workflow type (passed to the API). Default: all.")
  String getType();

  void setType(String value);

  @Description("Runs per page (the API's limit): a whole number, or auto: before the job, ask for"
      + " --maxPageSize runs and step down (1000, 500, 250, 100) while the API refuses the size"
      + " with a 400 naming limit, one request each; every shard then reads with the size"
      + " accepted. Default: auto.")
  @Default.String("auto")
  String getPageSize();

  void setPageSize(String value);

  @Description("With --pageSize=auto: the first (largest) page size tried. Default: 1000.")
  @Default.Integer(1000)
  Integer getMaxPageSize();

  void setMaxPageSize(Integer value);

  @Description("Requests per second for the whole job (the API allows 10 per tenant). On"
      + " Dataflow each worker gets rateLimit / maxNumWorkers, unless --rateLimiter=redis shares"
      + " it. Default: 10.")
  @Default.Double(10)
  Double getRateLimit();

  void setRateLimit(Double value);

  @Description("Width of the initial time shards (ISO 8601 duration, e.g. P7D), or auto: start at"
      + " once on 16 shards of equal width (one a day for ranges shorter than 16 days). Shards"
      + " holding more than --maxChainPages pages are split further by their count."
      + " Default: auto.")
  @Default.String("auto")
  String getShardDuration();

  void setShardDuration(String value);

  @Description("Longest chain of pages read as one shard before it is split. Default: 32.")
  @Default.Integer(32)
  Integer getMaxChainPages();

  void setMaxChainPages(Integer value);

  @Description("Pages fetched ahead of the reader along each shard. Default: 8.")
  @Default.Integer(8)
  Integer getReadAheadPages();

  void setReadAheadPages(Integer value);

  @Description("Batch mode: longest a reader call waits for its pages before it checkpoints and"
      + " lets the runner schedule other work (ISO 8601 duration, PT0.001S to PT60S); also how"
      + " long read-ahead outlives a chain that stopped being read. Not the stream's"
      + " --pollInterval. Default: from the runner, PT5S on Dataflow and PT0.25S on the Direct"
      + " runner.")
  String getReadPollInterval();

  void setReadPollInterval(String value);

  @Description("Retries of one request on 429, 5xx, time-outs and dropped connections."
      + " Default: 8.")
  @Default.Integer(8)
  Integer getMaxRetries();

  void setMaxRetries(Integer value);

  @Description("Output location: a local directory or gs://bucket/prefix. Required, except with"
      + " --format=bigquery, where it only holds the job's working files and defaults to"
      + " {tempLocation}/amperity-workflow-runs/PROJECT_DATASET.")
  String getOutput();

  void setOutput(String value);

  @Description("Output format: parquet (files under --output) or bigquery (tables in"
      + " --bigqueryDataset). Default: parquet.")
  @Default.String("parquet")
  String getFormat();

  void setFormat(String value);

  @Description("With --format=bigquery: the dataset, PROJECT:DATASET, that holds the tables"
      + " workflow_runs, workflow_type_stats and rejects (created when missing).")
  String getBigqueryDataset();

  void setBigqueryDataset(String value);

  @Description("Resume an interrupted run over the same range and output: shards it completed"
      + " (kept under {output}/_resume/) are not read again. Without it a run starts afresh."
      + " Default: false.")
  @Default.Boolean(false)
  Boolean getResume();

  void setResume(Boolean value);

  @Description("Print the plan (shards, runs, estimated requests, time at the rate limit, output"
      + " days replaced) from one counting request, then exit 0 without reading runs or writing."
      + " Default: false.")
  @Default.Boolean(false)
  Boolean getDryRun();

  void setDryRun(Boolean value);
  @Description("batch (read runs created in a range, then stop) or stream (follow runs as they"
      + " finish). Default: batch.")
  @Default.String("batch")
  String getMode();

  void setMode(String value);

  @Description("Stream mode: follow runs that ended from this instant (ISO 8601 UTC), rounded down"
      + " to a --statsWindow boundary; or 'resume' to continue where the last stream into"
      + " --output stopped. Required with --mode=stream.")
  String getFollowFrom();

  void setFollowFrom(String value);

  @Description("Stream mode: stop (and exit 0) once every --statsWindow before this instant (ISO"
      + " 8601 UTC) was read and written. Default: follow until cancelled or drained.")
  String getStopAt();

  void setStopAt(String value);

  @Description("Stream mode: time between polls, the least width of a live window (ISO 8601"
      + " duration). Default: PT1M.")
  @Default.String("PT1M")
  String getPollInterval();

  void setPollInterval(String value);

  @Description("Stream mode: a window is read once its end is this far in the past, so that runs"
      + " that just ended are visible to the API (ISO 8601 duration). Default: PT2M.")
  @Default.String("PT2M")
  String getSettleDelay();

  void setSettleDelay(String value);

  @Description("Stream mode: width of the event-time windows (on ended_at) of the statistics and"
      + " of the files; must divide a day (ISO 8601 duration). Default: PT1H.")
  @Default.String("PT1H")
  String getStatsWindow();

  void setStatsWindow(String value);

  @Description("Live mode of the embedded simulator: its clock runs this many times faster than"
      + " real time from --simulatorClock; 0 stops it there. Default: 0.")
  @Default.Double(0)
  Double getSimulatorSpeed();

  void setSimulatorSpeed(Double value);

  @Description("Live mode of the embedded simulator: the instant its clock starts at (ISO 8601"
      + " UTC). Default: none (a fixed clock at the end of its data).")
  String getSimulatorClock();

  void setSimulatorClock(String value);

  @Description("Start the embedded API simulator on a free loopback port and read from it"
      + " (the demo). Default: false.")
  @Default.Boolean(false)
  Boolean getEmbeddedSimulator();

  void setEmbeddedSimulator(Boolean value);

  @Description("Runs in the embedded simulator's tenant. Default: 5000.")
  @Default.Integer(5000)
  Integer getSimulatorRuns();

  void setSimulatorRuns(Integer value);

  @Description("Latency range of the embedded simulator in ms, MIN-MAX. Default: 50-400.")
  @Default.String("50-400")
  String getSimulatorLatencyMs();

  void setSimulatorLatencyMs(String value);

  @Description("Where the tenant's rate budget (--rateLimit) is kept: local (each JVM keeps its"
      + " share: the whole --rateLimit, or rateLimit / maxNumWorkers on Dataflow) or redis (shared"
      + " through --redis by every worker of every job on the tenant that uses it; each worker may"
      + " use the whole --rateLimit, and falls back to its local share while Redis does not"
      + " answer). Default: local.")
  @Default.String("local")
  String getRateLimiter();

  void setRateLimiter(String value);

  @Description("With --rateLimiter=redis: the Redis server, HOST:PORT (e.g. a Memorystore"
      + " instance's 10.0.0.3:6378). Required then.")
  String getRedis();

  void setRedis(String value);

  @Description("With --rateLimiter=redis: connect over TLS (Memorystore's in-transit encryption)."
      + " Default: false.")
  @Default.Boolean(false)
  Boolean getRedisTls();

  void setRedisTls(Boolean value);

  @Description("With --rateLimiter=redis: Secret Manager version holding the Redis AUTH string,"
      + " read by the launcher and by each worker: projects/PROJECT/secrets/SECRET/versions/VERSION,"
      + " or without /versions/ for latest. Default: no AUTH.")
  String getRedisAuthSecretName();

  void setRedisAuthSecretName(String value);

  @Description("With --redisTls: Secret Manager version holding the PEM of the CA that signed the"
      + " server's certificate (Memorystore's server CA), in the same form as"
      + " --redisAuthSecretName. Default: the JVM's trusted CAs.")
  String getRedisCaSecretName();

  void setRedisCaSecretName(String value);
}
