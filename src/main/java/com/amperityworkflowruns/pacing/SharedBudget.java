package com.amperityworkflowruns.pacing;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenant's budget shared with every reader of every job through {@link TenantSlots} (Redis):
 * each send is granted by the shared window of the tenant's recent sends, so that all readers
 * together keep the rate, whichever JVM sends; a JVM with nothing to send takes nothing and leaves
 * the budget to the others.
 *
 * <p><b>The rule.</b> The same as {@link RateBudget}'s, over every JVM's sends: no more than {@code
 * floor(rate)} sends in one second plus a margin, grants at least {@code 0.9 / rate} apart, a send
 * that opens a connection (or the JVM's first) counting as sent later. The rate, the margin and
 * that allowance are those of {@link #local}, this JVM's own {@link RateBudget} at the whole job's
 * rate, which also records every send of the JVM and learns from its answers (the margin from 429s
 * its sends explain, the rate cut when others use the tenant, {@code Retry-After}). A grant is
 * recorded at the store's time when it is given, so a dispatcher that wakes late loses only that
 * send's lateness, never the sends after it.
 *
 * <p><b>Sends that leave late.</b> A grant whose answer reached this JVM late, or that a pause of
 * the JVM held back, is counted later in the store by as much ({@link LateSends}): at once when
 * the answer came late, before the send; for a pause, with the next call to the store.
 *
 * <p><b>Asking.</b> {@link #nanosUntilPermit} answers from what the store said last (no call);
 * {@link #tryAcquire} asks the store, which grants or says how long to wait.
 *
 * <p><b>Fallback.</b> When the store does not answer, this JVM sends within {@link #fallback}, the
 * local budget divided among the workers (as {@code --rateLimiter=local} would), never without a
 * limit; it waits one window first, since the sends of all JVMs in the last second were counted
 * only in the store. It logs a warning, counts the fallback ({@link #drainFallbacks}) and asks the
 * store again after {@link #FIRST_PROBE_NANOS}, doubling to {@link #MAX_PROBE_NANOS}: the first
 * answer ends the fallback.
 *
 * <p><b>One cut for the tenant.</b> When another client's 429s make {@link #local} cut the rate,
 * the cut is shared through the store ({@link TenantSlots#sharePace}); every reader reads the
 * tenant's latest cut at most every {@link #PACE_READ_NANOS} while it sends and takes it over
 * ({@link RateBudget#adoptCut}), so that all of the job's JVMs hold, probe and climb back
 * together, instead of the least cut of them setting the tenant's pace.
 */
public final class SharedBudget implements RequestBudget {
  private static final Logger LOG = LoggerFactory.getLogger(SharedBudget.class);
  /** First wait before asking an unreachable store again. */
  static final long FIRST_PROBE_NANOS = 1_000_000_000L;
  /** Longest wait before asking an unreachable store again. */
  static final long MAX_PROBE_NANOS = 4_000_000_000L;
  /** How often the tenant's shared cut is read (at most; only when sending). */
  static final long PACE_READ_NANOS = 250_000_000L;
  /** How long a shared cut is kept: by then every reader has held, probed and climbed past it. */
  static final long PACE_KEEP_NANOS = NeighbourPacing.HOLD_NANOS + NeighbourPacing.PROBE_NANOS;

  private final RateBudget local;
  private final RateBudget fallback;
  private final TenantSlots slots;
  private final LongSupplier clock;
  private final @Nullable PauseDetector pauses;
  /** Pauses of {@link #pauses} already applied to {@link #late}. */
  private long pausesSeen;
  private final LateSends late = new LateSends();
  /** Names this JVM's sends in the store. */
  private long sendIds;
  private final String store;
  private final AtomicLong fallbacks = new AtomicLong();
  private final AtomicLong fallbackPermits = new AtomicLong();
  /** When the store said the next send may be taken. */
  private long storeFreeAt;
  private boolean down;
  private long nextProbeAt;
  private long probeDelay = FIRST_PROBE_NANOS;
  /** When the shared cut was last read (valid once {@link #paceRead}). */
  private long paceReadAt;
  private boolean paceRead;
  /** The cuts of {@link #local} already told to the store. */
  private long cutsShared;

  /**
   * A budget granted by {@code slots} ({@code store} names it in messages), paced and taught by
   * {@code local} (at the job's whole rate), falling back to {@code fallback} (this JVM's share);
   * sends held back by the JVM's {@code pauses} (if given) are counted later in the store.
   */
  public SharedBudget(RateBudget local, RateBudget fallback, TenantSlots slots, LongSupplier clock,
      @Nullable PauseDetector pauses, String store) {
    this.local = local;
    this.fallback = fallback;
    this.slots = slots;
    this.clock = clock;
    this.pauses = pauses;
    this.pausesSeen = pauses == null ? 0 : pauses.count();
    this.store = store;
    this.storeFreeAt = clock.getAsLong();
  }

  @Override
  public synchronized long nanosUntilPermit() {
    long localWait = local.nanosUntilPermit();
    long now = clock.getAsLong();
    if (down) {
      long own = now - nextProbeAt >= 0 ? 0 : fallback.nanosUntilPermit();
      return Math.max(localWait, own);
    }
    return Math.max(localWait, Math.max(0, storeFreeAt - now));
  }

  @Override
  public synchronized boolean tryAcquire(boolean cold) {
    if (nanosUntilPermit() > 0) {
      return false;
    }
    long now = clock.getAsLong();
    if (!down || now - nextProbeAt >= 0) {
      long later = local.laterNanos(cold);
      long send = ++sendIds;
      try {
        applyPauses();
        late.flush(slots);
        readPace();
        long asked = clock.getAsLong();
        long wait = slots.tryTake(send, local.allowedPerWindow(),
            RateBudget.WINDOW_NANOS + local.marginNanos(), local.gapNanos(), later);
        if (down) {
          down = false;
          probeDelay = FIRST_PROBE_NANOS;
          LOG.warn("{} answers again: the tenant's budget is shared again", store);
        }
        if (wait > 0) {
          storeFreeAt = clock.getAsLong() + wait;
          return false;
        }
        late.taken(send, asked, clock.getAsLong());
      } catch (TenantSlots.Unavailable e) {
        wentDown(e);
        return false;
      }
      try {
        // the answer came late: the store counts the send from now, before it leaves
        for (int round = 0; round < 3 && late.leavesAt(send, clock.getAsLong()); round++) {
          late.flush(slots);
        }
      } catch (TenantSlots.Unavailable e) {
        wentDown(e); // the send was granted: it leaves; the next ones fall back
      }
      local.tryAcquire(cold); // free too (checked above): it records the send
      return true;
    }
    if (!fallback.tryAcquire(cold)) {
      return false;
    }
    local.tryAcquire(cold);
    fallbackPermits.incrementAndGet();
    return true;
  }

  /**
   * Every {@link #PACE_READ_NANOS}: takes over a cut of the tenant's rate that another reader
   * shared (its own, read back, changes nothing: {@link RateBudget#adoptCut}).
   */
  private void readPace() throws TenantSlots.Unavailable {
    long now = clock.getAsLong();
    if (paceRead && now - paceReadAt < PACE_READ_NANOS) {
      return;
    }
    paceRead = true;
    paceReadAt = now;
    TenantSlots.Pace pace = slots.pace();
    if (pace != null) {
      local.adoptCut(pace.rate(), pace.ceiling(), now - pace.ageNanos());
    }
  }

  /** Tells the other readers of a cut that {@link #local} just made, if it made one. */
  private void sharePace() {
    long cuts = local.cuts();
    if (cuts == cutsShared || down) {
      return;
    }
    cutsShared = cuts;
    try {
      slots.sharePace(local.currentRate(), local.ceiling(), PACE_KEEP_NANOS);
    } catch (TenantSlots.Unavailable e) {
      // the next take finds out whether the store is away; this cut stays this reader's
    }
  }

  private void applyPauses() {
    if (pauses != null) {
      pausesSeen = pauses.forEachSince(pausesSeen, late::paused);
    }
  }

  private void wentDown(TenantSlots.Unavailable e) {
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
    sharePace();
    if (down) {
      fallback.onRateLimited();
    }
  }

  /**
   * A 429 for the request sent at {@code sentAtNanos}: explained by our own sends when the job's
   * sends in the store, every JVM's, filled the window before it (the API counted one of them
   * late: the margin grows), else another client's (the rate is cut), as {@link RateBudget} tells
   * from its own sends alone. Without the store (down, or the send no longer counted there) this
   * JVM's sends tell.
   */
  @Override
  public synchronized void onRateLimited(long sentAtNanos) {
    long send = down ? -1 : late.takenAtOrAfter(sentAtNanos);
    long span = -1;
    if (send >= 0) {
      try {
        span = slots.spanBefore(send, local.allowedPerWindow());
      } catch (TenantSlots.Unavailable e) {
        span = -1; // the next call to the store finds out whether it is away
      }
    }
    if (span >= 0) {
      local.onRateLimited(sentAtNanos, span - RateBudget.WINDOW_NANOS);
    } else {
      local.onRateLimited(sentAtNanos);
    }
    sharePace();
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
