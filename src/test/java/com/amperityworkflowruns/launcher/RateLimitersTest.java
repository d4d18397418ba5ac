package com.amperityworkflowruns.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amperityworkflowruns.gcp.InMemorySecretStore;
import com.amperityworkflowruns.options.WorkflowRunsOptions;
import com.amperityworkflowruns.pacing.RedisLimiter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/** {@code --rateLimiter} and the Redis options: checked before the job starts, one line each. */
class RateLimitersTest {
  private static final Map<String, String> ENV = Map.of("AMPERITY_TOKEN", "t");
  private final InMemorySecretStore secrets = InMemorySecretStore.create();

  private JobSettings resolve(String... extra) {
    List<String> args = new ArrayList<>(List.of("--tenant=acme", "--output=/tmp/x",
        "--createdFrom=2024-01-01", "--createdTo=2024-01-02"));
    args.addAll(List.of(extra));
    WorkflowRunsOptions o =
        PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).as(WorkflowRunsOptions.class);
    return JobSettings.resolve(o, ENV, Clock.systemUTC(), secrets.factory());
  }

  private RedisLimiter limiter(JobSettings s) {
    return RateLimiters.resolve(s.options, ENV, secrets.factory());
  }

  @Test
  void byDefault_theBudgetIsLocal_andNoRedisIsNeeded() {
    JobSettings s = resolve();

    assertThat(limiter(s)).isNull();
  }

  @Test
  void redis_withAnAddress_andItsSecrets_givesTheReaderItsLimiter() {
    secrets.addVersion("acme-prod", "redis-auth", "auth-string");
    secrets.addVersion("acme-prod", "redis-ca", "-----BEGIN CERTIFICATE-----");

    JobSettings s = resolve("--rateLimiter=redis", "--redis=10.0.0.3:6378", "--redisTls=true",
        "--redisAuthSecretName=projects/acme-prod/secrets/redis-auth",
        "--redisCaSecretName=projects/acme-prod/secrets/redis-ca");

    assertThat(limiter(s)).hasToString(
        "Redis at 10.0.0.3:6378 over TLS, AUTH from projects/acme-prod/secrets/redis-auth/versions/latest");
  }

  @Test
  void redis_withoutAnAddress_isRefusedWithTheFix() {
    assertThatThrownBy(() -> resolve("--rateLimiter=redis"))
        .hasMessage("--rateLimiter=redis needs --redis=HOST:PORT (e.g. your Memorystore"
            + " instance's address)");
  }

  @Test
  void anAddressWithoutAPort_isRefusedWithTheForm() {
    assertThatThrownBy(() -> resolve("--rateLimiter=redis", "--redis=10.0.0.3"))
        .hasMessageStartingWith("--redis=10.0.0.3 is not HOST:PORT");
  }

  @Test
  void anUnknownLimiter_isRefused() {
    assertThatThrownBy(() -> resolve("--rateLimiter=envoy"))
        .hasMessage("--rateLimiter=envoy is neither local nor redis");
  }

  @Test
  void redisOptionsWithTheLocalLimiter_areRefused_ratherThanIgnored() {
    assertThatThrownBy(() -> resolve("--redis=10.0.0.3:6379"))
        .hasMessage("--redis needs --rateLimiter=redis");
  }

  @Test
  void anAuthSecretThatCannotBeRead_failsBeforeTheJobStarts_namingTheOption() {
    assertThatThrownBy(() -> resolve("--rateLimiter=redis", "--redis=10.0.0.3:6379",
            "--redisAuthSecretName=projects/acme-prod/secrets/missing"))
        .hasMessageStartingWith("--redisAuthSecretName: ");
  }

  @Test
  void aCaWithoutTls_isRefused() {
    assertThatThrownBy(() -> resolve("--rateLimiter=redis", "--redis=10.0.0.3:6379",
            "--redisCaSecretName=projects/acme-prod/secrets/redis-ca"))
        .hasMessage("--redisCaSecretName needs --redisTls=true");
  }
}
