package com.amperityworkflowruns.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A request counts from when it was handed to a handler thread, not when that thread ran. */
class ArrivalsTest {
  @Test
  void aHandlerThatStartsLate_seesTheTimeItsRequestWasHandedOver() {
    ManualTicker ticker = new ManualTicker();
    Arrivals arrivals = new Arrivals(ticker);
    List<Runnable> queued = new ArrayList<>();
    Executor stamping = arrivals.stamping(queued::add);
    AtomicLong seen = new AtomicLong();
    long handedOver = ticker.getAsLong();

    stamping.execute(() -> seen.set(arrivals.ofThisRequest()));
    ticker.advanceMillis(250); // the machine is busy: the handler runs a quarter second later
    queued.get(0).run();

    assertThat(seen.get()).isEqualTo(handedOver);
  }

  @Test
  void outsideAStampedTask_theTimeIsNow() {
    ManualTicker ticker = new ManualTicker();
    Arrivals arrivals = new Arrivals(ticker);

    long at = arrivals.ofThisRequest();

    assertThat(at).isEqualTo(ticker.getAsLong());
  }
}
