package com.amperityworkflowruns.launcher;

import com.amperityworkflowruns.gcp.SecretAccessException;
import com.amperityworkflowruns.gcp.SecretName;
import com.amperityworkflowruns.gcp.SecretStore;
import com.amperityworkflowruns.gcp.Secrets;
import com.amperityworkflowruns.io.RunsApiIO;
import com.amperityworkflowruns.options.WorkflowRunsOptions;
import com.amperityworkflowruns.pacing.RedisLimiter;
import java.util.Locale;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code --rateLimiter}: checks the options of the rate budget before the job starts, and gives
 * the reader its shared budget.
 */
final class RateLimiters {
  private RateLimiters() {}

  /**
   * The Redis limiter the options ask for, with its secrets read once here so that a bad name
   * fails before the job starts; null with {@code --rateLimiter=local}.
   *
   * @throws IllegalArgumentException with one line naming the fix
   */
  static @Nullable RedisLimiter resolve(
      WorkflowRunsOptions o, Map<String, String> env, SecretStore.Factory secrets) {
    String kind = o.getRateLimiter() == null ? "" : o.getRateLimiter().toLowerCase(Locale.ROOT);
    if (kind.equals("local")) {
      require(o.getRedis() == null, "--redis needs --rateLimiter=redis");
      require(o.getRedisAuthSecretName() == null, "--redisAuthSecretName needs --rateLimiter=redis");
      require(o.getRedisCaSecretName() == null, "--redisCaSecretName needs --rateLimiter=redis");
      return null;
    }
    require(kind.equals("redis"),
        "--rateLimiter=" + o.getRateLimiter() + " is neither local nor redis");
    require(o.getRedis() != null,
        "--rateLimiter=redis needs --redis=HOST:PORT (e.g. your Memorystore instance's address)");
    require(o.getRedisCaSecretName() == null || Boolean.TRUE.equals(o.getRedisTls()),
        "--redisCaSecretName needs --redisTls=true");
    RedisLimiter redis = RedisLimiter.at(o.getRedis())
        .withTls(Boolean.TRUE.equals(o.getRedisTls()))
        .withAuthSecret(secret("--redisAuthSecretName", o.getRedisAuthSecretName(), env, secrets))
        .withServerCaSecret(secret("--redisCaSecretName", o.getRedisCaSecretName(), env, secrets))
        .withSecretStore(secrets);
    return redis;
  }

  /** {@code read} with the budget {@link JobSettings#resolve} found in the options of {@code s}. */
  static RunsApiIO.Read apply(RunsApiIO.Read read, JobSettings s) {
    return s.redisLimiter == null ? read : read.withRedisLimiter(s.redisLimiter);
  }

  private static @Nullable SecretName secret(
      String option, @Nullable String value, Map<String, String> env, SecretStore.Factory secrets) {
    if (value == null) {
      return null;
    }
    SecretName name = SecretName.parse(option, value);
    try {
      Secrets.read(secrets, name, env); // kept for the JVM: the reader finds it there
    } catch (SecretAccessException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
    }
    return name;
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
