package com.amperityworkflowruns.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.api.FakeRunsApi;
import java.util.List;
import org.junit.jupiter.api.Test;

class FetchersTest {
  @Test
  void aNewFetcher_teachesTheBudgetHowLongItsClientTakesToConnect() {
    FakeRunsApi api = new FakeRunsApi(List.of(), 10) {
      @Override
      public long connectNanos() {
        return 3_000_000L;
      }
    };
    ReadConfig config = SdfDriver.config(api, 10, 30, 1000).toBuilder()
        .baseUrl("http://127.0.0.1:2/connect-time-test")
        .build();

    Fetchers.acquire(config);
    try {
      assertThat(RateBudgets.forConfig(config).coldSendNanos()).isEqualTo(6_000_000L);
    } finally {
      Fetchers.release(config);
    }
  }
}
