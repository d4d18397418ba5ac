package com.amperityworkflowruns.pacing;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The tenant's sends as every reader that shares them sees them: a sliding window of recent sends
 * per tenant, checked and added to in one atomic step, so that a permit taken by one JVM counts
 * against all. {@link RedisSlots} keeps it in Redis; tests use an in-memory one.
 *
 * <p>Promises: {@link #tryTake} grants a send only if fewer than {@code perWindow} sends count in
 * the last {@code windowNanos} and the last grant is at least {@code gapNanos} old, and then
 * records it as counting from {@code laterNanos} after now; otherwise it records nothing and says
 * how long to wait. {@link #countLater} moves a recorded send later, so that it holds its place in
 * the window longer; a send that no longer counts stays gone. {@link #spanBefore} tells how full
 * the window before a send was. {@link #sharePace} and {@link #pace} carry a cut of the
 * tenant's rate from the reader that met another client to every other. Tenants do not share sends
 * or cuts. A store
 * that cannot answer throws {@link Unavailable} within its time-out, never waits longer.
 */
interface TenantSlots extends AutoCloseable {
  /**
   * Takes a send if the window and the gap allow one now; {@code send} names it, unique among the
   * sends of this caller.
   *
   * @return 0 when taken; else nanoseconds until one may be (nothing taken)
   * @throws Unavailable when the store cannot be reached
   */
  long tryTake(long send, int perWindow, long windowNanos, long gapNanos, long laterNanos)
      throws Unavailable;

  /**
   * Counts the send {@code send} (as named to {@link #tryTake}) {@code byNanos} later than it was
   * recorded: it left late.
   *
   * @throws Unavailable when the store cannot be reached
   */
  void countLater(long send, long byNanos) throws Unavailable;

  /**
   * How long before send {@code send} (as named to {@link #tryTake}) the {@code count}-th of the
   * tenant's recorded sends before it counts, in nanoseconds; -1 when fewer sends count before it,
   * or it no longer counts itself.
   *
   * @throws Unavailable when the store cannot be reached
   */
  long spanBefore(long send, int count) throws Unavailable;

  /**
   * Tells every reader of the tenant of a cut of its rate (another client's 429s showed): {@code
   * rate} after the cut, {@code ceiling} where contention showed; the cut counts from now at the
   * store's clock and is kept {@code keepNanos}, replacing any earlier one.
   *
   * @throws Unavailable when the store cannot be reached
   */
  void sharePace(double rate, double ceiling, long keepNanos) throws Unavailable;

  /**
   * The tenant's latest shared cut still kept, with its age at the store's clock; {@code null}
   * when there is none.
   *
   * @throws Unavailable when the store cannot be reached
   */
  @Nullable Pace pace() throws Unavailable;

  /** A cut of the tenant's rate shared by a reader: the rate after it, where contention showed, how long ago. */
  record Pace(double rate, double ceiling, long ageNanos) {}

  /**
   * Connects ahead of the first {@link #tryTake}, so that the JVM's first send does not wait for
   * it; a store that cannot be reached is left for that take to report.
   */
  default void connect() {}

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
