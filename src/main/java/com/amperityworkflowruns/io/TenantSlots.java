package com.amperityworkflowruns.io;

/**
 * The tenant's send slots, handed out one at a time to every reader that shares them: a GCRA
 * (generic cell rate algorithm) over one "theoretical arrival time" per tenant. {@link RedisSlots}
 * keeps it in Redis; tests use an in-memory one.
 *
 * <p>Promises: {@link #reserve} hands out slots at least the interval asked for apart, in the
 * order asked (first come, first served), never two for one instant; a slot nobody asks for is
 * not saved up (no burst after an idle time); {@link #delay} moves every slot not handed out yet
 * later; a store that cannot answer throws {@link Unavailable} within its time-out, never waits
 * longer.
 */
interface TenantSlots extends AutoCloseable {
  /**
   * Reserves the next free slot and takes {@code intervalNanos} of the budget from it on.
   *
   * @return nanoseconds from now until the slot begins (0: now)
   * @throws Unavailable when the store cannot be reached
   */
  long reserve(long intervalNanos) throws Unavailable;

  /**
   * Moves the next free slot at least {@code nanos} later: a send left later than its slot, or
   * will reach the API later (a new connection), and the sends after it must keep their distance.
   *
   * @throws Unavailable when the store cannot be reached
   */
  void delay(long nanos) throws Unavailable;

  @Override
  void close();

  /** The shared store did not answer; the cause says why. */
  final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
