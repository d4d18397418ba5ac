package com.amperityworkflowruns.pacing;

import com.amperityworkflowruns.api.ConnectProbe;

/**
 * The seam between the {@link com.amperityworkflowruns.fetch.Dispatcher} and the tenant's
 * requests-per-second budget: when a request may leave, and what its answer teaches. {@link
 * RateBudget} keeps the budget in this JVM ({@code --rateLimiter=local}); {@link SharedBudget}
 * shares it through Redis with every reader of every job ({@code --rateLimiter=redis}). {@link
 * com.amperityworkflowruns.io.RateBudgets#forConfig} picks one per read.
 *
 * <p>Implementations are thread-safe: every fetcher of a tenant in the JVM draws from one.
 */
public interface RequestBudget {
  /** Nanoseconds until a request may be sent; 0 when one may be sent now. */
  long nanosUntilPermit();

  /**
   * Takes a permit if one is free now; {@code cold} when the send will open a new connection, so
   * that it holds its place in the window longer.
   */
  boolean tryAcquire(boolean cold);

  /** Takes a permit for a send over an open connection, if one is free now. */
  default boolean tryAcquire() {
    return tryAcquire(false);
  }

  /** Learns how long opening a connection takes ({@link ConnectProbe}); negative: unknown. */
  void learnConnectNanos(long connectNanos);

  /** The allowance in force for a send that opens a connection. */
  long coldSendNanos();

  /** A 429 arrived for a request whose send time is unknown. */
  void onRateLimited();

  /** A 429 arrived for the request sent at {@code sentAtNanos}. */
  void onRateLimited(long sentAtNanos);

  /** The server asked for a pause ({@code Retry-After}): no request leaves before it ends. */
  void pauseFor(long millis);

  /** A request succeeded. */
  void onSuccess();

  /** The rate in force now, requests per second. */
  double currentRate();

  /**
   * Times this budget fell back to the local budget because its shared store was unreachable,
   * since the last call; for a Beam counter, drained on a processing thread.
   */
  default long drainFallbacks() {
    return 0;
  }

  /** Permits granted by the local fallback budget since the last call (see {@link #drainFallbacks}). */
  default long drainFallbackPermits() {
    return 0;
  }
}
