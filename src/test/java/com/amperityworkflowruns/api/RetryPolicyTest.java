package com.amperityworkflowruns.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.joda.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy = new RetryPolicy(2, Duration.millis(100));
  private final BackOff backoff = policy.newBackOff();

  private static ApiException status(int status, long retryAfterMillis) {
    ApiException.Kind kind = status == 429 ? ApiException.Kind.RATE_LIMITED
        : status == 401 ? ApiException.Kind.UNAUTHORIZED
        : status >= 500 ? ApiException.Kind.SERVER_ERROR : ApiException.Kind.FORBIDDEN;
    return new ApiException(kind, status, "status " + status, "req-1", retryAfterMillis, null);
  }

  @Test
  void givenRefreshedCredential_retriesAtOnce() {
    RetryPolicy.Decision d = policy.decide(status(401, -1), 1, true, backoff);

    assertThat(d.retries()).isTrue();
    assertThat(d.delayMillis).isZero();
  }

  @Test
  void unauthorizedWantsOneRefreshOnly() {
    assertThat(RetryPolicy.wantsRefresh(status(401, -1), false)).isTrue();
    assertThat(RetryPolicy.wantsRefresh(status(401, -1), true)).isFalse();
    assertThat(RetryPolicy.wantsRefresh(status(503, -1), false)).isFalse();
  }

  @Test
  void givenRetryAfter_waitsAtLeastThatLong() {
    RetryPolicy.Decision d = policy.decide(status(429, 5_000), 1, false, backoff);

    assertThat(d.retries()).isTrue();
    assertThat(d.delayMillis).isGreaterThanOrEqualTo(5_000);
  }

  @Test
  void givenRetriesExhausted_givesUpNamingAttemptsTheSettingAndTheCause() {
    ApiException last = status(503, -1);

    RetryPolicy.Decision d = policy.decide(last, 3, false, backoff);

    assertThat(d.retries()).isFalse();
    assertThat(d.error.getMessage())
        .contains("gave up after 3 attempts (--maxRetries=2)").contains("status 503");
    assertThat(d.error.getCause()).isSameAs(last);
  }

  @Test
  void givenNonRetryableError_givesUpWithItUnchanged() {
    ApiException forbidden = status(403, -1);

    RetryPolicy.Decision d = policy.decide(forbidden, 1, false, backoff);

    assertThat(d.error).isSameAs(forbidden);
  }
}
