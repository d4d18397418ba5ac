package com.amperityworkflowruns.simulator;

import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * When each request reached the simulator: stamped on the server's dispatcher thread as it hands
 * the request to a handler thread. The API's limiter counts a request when it arrives; a handler
 * thread that a busy machine starts late must not make the simulator count it late, or two
 * requests that arrived a second apart would be counted closer and one answered 429.
 */
final class Arrivals {
  private final LongSupplier ticker;
  private final ThreadLocal<Long> current = new ThreadLocal<>();

  Arrivals(LongSupplier ticker) {
    this.ticker = ticker;
  }

  /** {@code handlers}, with each task stamped when it is handed over. */
  Executor stamping(Executor handlers) {
    return task -> {
      long at = ticker.getAsLong();
      handlers.execute(() -> {
        current.set(at);
        try {
          task.run();
        } finally {
          current.remove();
        }
      });
    };
  }

  /** When the request this thread handles arrived; now, for a task not stamped. */
  long ofThisRequest() {
    Long at = current.get();
    return at == null ? ticker.getAsLong() : at;
  }
}
