package com.amperityworkflowruns.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Options of the rate budget: kept in each JVM, or shared through Redis by every job. */
public interface RateLimiterOptions extends PipelineOptions {
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
