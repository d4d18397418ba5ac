package com.amperityworkflowruns.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.api.Credentials;
import com.amperityworkflowruns.pacing.RateBudget;
import com.amperityworkflowruns.pacing.RedisLimiter;
import com.amperityworkflowruns.pacing.SharedBudget;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What {@link RunsApiIO.Read#withRedisLimiter} gives the readers' settings. */
class SharedBudgetConfigTest {
  private static RunsApiIO.Read fourWorkers() {
    return RunsApiIO.read()
        .withBaseUrl("https://acme.amperity.com/api")
        .withTenant("acme")
        .withCredentials(Credentials.tokenFromEnvironment())
        .withCreatedRange(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-01-02T00:00:00Z"))
        .withRateLimit(10)
        .withWorkers(4);
  }

  @Test
  void withRedis_eachWorkerMayUseTheWholeBudget_andFallsBackToItsShare() {
    ReadConfig config = fourWorkers().withRedisLimiter(RedisLimiter.at("10.0.0.3:6379")).config();

    assertThat(config.sharedRate).isEqualTo(10);
    assertThat(config.rateLimit).as("the fallback share").isEqualTo(2.5);
  }

  @Test
  void withRedis_theJvmGetsABudgetOtherThanTheLocalOnesOfTheTenant() {
    ReadConfig shared = fourWorkers().withRedisLimiter(RedisLimiter.at("10.0.0.3:6379")).config();
    ReadConfig local = fourWorkers().config();

    assertThat(RateBudgets.forConfig(shared)).isInstanceOf(SharedBudget.class);
    assertThat(RateBudgets.forConfig(local)).isInstanceOf(RateBudget.class);
  }

  @Test
  void anIpv6Address_isKeptWithItsBrackets() {
    assertThat(RedisLimiter.at("[::1]:6379").address()).isEqualTo("[::1]:6379");
  }
}
