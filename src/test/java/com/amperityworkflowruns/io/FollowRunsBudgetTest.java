package com.amperityworkflowruns.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.api.Credentials;
import org.junit.jupiter.api.Test;

/** The stream's reader is one restriction read by one JVM: it gets the job's whole rate budget. */
class FollowRunsBudgetTest {
  private static RunsApiIO.Read connection() {
    return RunsApiIO.read()
        .withBaseUrl("http://127.0.0.1:9/api")
        .withTenant("acme")
        .withCredentials(Credentials.tokenFile("/nonexistent/token"))
        .withRateLimit(10);
  }

  @Test
  void givenAWorkerCountMeantForABatchRead_theFollowStillReadsAtTheWholeRateLimit() {
    FollowRuns follow = FollowRuns.over(connection().withWorkers(4));

    ReadConfig config = follow.config();

    assertThat(config.rateLimit).isEqualTo(10.0);
  }

  @Test
  void theBatchReadOfTheSameConnection_stillSharesTheBudgetAmongItsWorkers() {
    RunsApiIO.Read read = connection().withWorkers(4);

    ReadConfig config = ReadConfigs.connection(read, ReadConfigs.workersOrOne(read),
        ReadConfigs.pollOrDirect(read));

    assertThat(config.rateLimit).isEqualTo(2.5);
  }
}
