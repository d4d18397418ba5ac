package com.amperityworkflowruns.io;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenant's budget shared with every reader of every job through {@link TenantSlots} (Redis):
 * each send takes the next slot of the tenant, so that all of them together keep the rate,
 * whichever JVM sends; a JVM with nothing to send takes no slot and leaves the budget to the
 * others.
 *
 * <p><b>Slots.</b> A slot is reserved only when a page is waiting, one at a time per JVM, and is
 * {@code (1 s + margin) / rate} wide: the margin and the rate are those of {@link #local}, this
 * JVM's own {@link RateBudget} at the whole job's rate, which also records every send of the JVM
 * and learns from its answers (the margin from 429s its sends explain, the rate cut when others use
 * the tenant, {@code Retry-After}). A send that leaves more than {@link #LATE_NANOS} after its slot
 * began, that opens a connection, or that is the JVM's first moves the next free slot later by as
 * much, so the sends after it keep their distance at the API.
 *
 * <p><b>Fallback.</b> When the store does not answer, this JVM sends within {@link #fallback}, the
 * local budget divided among the workers (as {@code --rateLimiter=local} would), never without a
 * limit; it waits one window first, since the sends of all JVMs in the last second were counted
 * only in the store. It logs a warning, counts the fallback ({@link #drainFallbacks}) and asks the
 * store again after {@link #FIRST_PROBE_NANOS}, doubling to {@link #MAX_PROBE_NANOS}: the first
 * reservation that succeeds ends the fallback.
 */
final class SharedBudget implements RequestBudget {
  private static final Logger LOG = LoggerFactory.getLogger(SharedBudget.class);
  /** A slot used later than this after it began delays the next free slot by the lateness. */
  static final long LATE_NANOS = 2_000_000L;
  /** First wait before asking an unreachable store again. */
  static final long FIRST_PROBE_NANOS = 1_000_000_000L;
  /** Longest wait before asking an unreachable store again. */
  static final long MAX_PROBE_NANOS = 8_000_000_000L;

  private final RateBudget local;
  private final RateBudget fallback;
  private final TenantSlots slots;
  private final LongSupplier clock;
  private final String store;
  private final AtomicLong fallbacks = new AtomicLong();
  private final AtomicLong fallbackPermits = new AtomicLong();
  private boolean holding;
  private long slotAt;
  private boolean down;
  private long nextProbeAt;
  private long probeDelay = FIRST_PROBE_NANOS;
  private boolean anySent;

  /**
   * A budget taking slots from {@code slots} ({@code store} names it in messages), paced and taught
   * by {@code local} (at the job's whole rate), falling back to {@code fallback} (this JVM's share).
   */
  SharedBudget(RateBudget local, RateBudget fallback, TenantSlots slots, LongSupplier clock,
      String store) {
    this.local = local;
    this.fallback = fallback;
    this.slots = slots;
    this.clock = clock;
    this.store = store;
  }

  @Override
  public synchronized long nanosUntilPermit() {
    long localWait = local.nanosUntilPermit();
    if (localWait > 0) {
      return down ? Math.max(localWait, fallback.nanosUntilPermit()) : localWait;
    }
    long now = clock.getAsLong();
    if (!holding && (!down || now - nextProbeAt >= 0)) {
      reserve();
    }
    if (down) {
      return fallback.nanosUntilPermit();
    }
    return Math.max(0, slotAt - clock.getAsLong());
  }

  @Override
  public synchronized boolean tryAcquire(boolean cold) {
    if (nanosUntilPermit() > 0) {
      return false;
    }
    if (down) {
      if (!fallback.tryAcquire(cold)) {
        return false;
      }
      local.tryAcquire(cold); // free too (checked above): it records the send
      fallbackPermits.incrementAndGet();
      anySent = true;
      return true;
    }
    long now = clock.getAsLong();
    if (!local.tryAcquire(cold)) {
      return false;
    }
    holding = false;
    long late = now - slotAt;
    long extra = (late > LATE_NANOS ? late : 0)
        + (!anySent ? RateBudget.FIRST_SEND_NANOS : cold ? local.coldSendNanos() : 0);
    anySent = true;
    if (extra > 0) {
      try {
        slots.delay(extra);
      } catch (TenantSlots.Unavailable e) {
        wentDown(e); // this send had its slot; the next ones fall back
      }
    }
    return true;
  }

  /** Reserves the next slot, or falls back when the store does not answer. */
  private void reserve() {
    long interval =
        (long) ((RateBudget.WINDOW_NANOS + local.marginNanos()) / local.currentRate());
    try {
      long wait = slots.reserve(interval);
      slotAt = clock.getAsLong() + wait; // after the answer: late by half a round trip at most
      holding = true;
      if (down) {
        down = false;
        probeDelay = FIRST_PROBE_NANOS;
        LOG.warn("{} answers again: the tenant's budget is shared again", store);
      }
    } catch (TenantSlots.Unavailable e) {
      wentDown(e);
    }
  }

  private void wentDown(TenantSlots.Unavailable e) {
    holding = false;
    if (!down) {
      down = true;
      fallbacks.incrementAndGet();
      fallback.pauseFor((RateBudget.WINDOW_NANOS + local.marginNanos()) / 1_000_000);
      LOG.warn("{}; reading with the local budget of {} requests/s until it answers again",
          e.getMessage(), String.format("%.2f", fallback.currentRate()));
    }
    nextProbeAt = clock.getAsLong() + probeDelay;
    probeDelay = Math.min(MAX_PROBE_NANOS, probeDelay * 2);
  }

  @Override
  public synchronized void learnConnectNanos(long connectNanos) {
    local.learnConnectNanos(connectNanos);
    fallback.learnConnectNanos(connectNanos);
  }

  @Override
  public synchronized long coldSendNanos() {
    return local.coldSendNanos();
  }

  @Override
  public synchronized void onRateLimited() {
    local.onRateLimited();
    if (down) {
      fallback.onRateLimited();
    }
  }

  @Override
  public synchronized void onRateLimited(long sentAtNanos) {
    local.onRateLimited(sentAtNanos);
    if (down) {
      fallback.onRateLimited(sentAtNanos);
    }
  }

  @Override
  public synchronized void pauseFor(long millis) {
    local.pauseFor(millis);
    fallback.pauseFor(millis);
  }

  @Override
  public synchronized void onSuccess() {
    local.onSuccess();
    fallback.onSuccess();
  }

  @Override
  public synchronized double currentRate() {
    return down ? fallback.currentRate() : local.currentRate();
  }

  /** Whether this JVM sends within the local fallback budget now. */
  synchronized boolean onFallback() {
    return down;
  }

  @Override
  public long drainFallbacks() {
    return fallbacks.getAndSet(0);
  }

  @Override
  public long drainFallbackPermits() {
    return fallbackPermits.getAndSet(0);
  }
}
