package com.amperityworkflowruns.pacing;

import com.amperityworkflowruns.api.ConnectProbe;
import java.util.function.LongSupplier;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The requests-per-second budget shared by every request of a tenant in this JVM.
 *
 * <p>Two rules together: consecutive sends are at least {@code 1/rate} apart (smooth pacing, so
 * the server never sees a burst), and no sliding window of one second plus a margin holds more than
 * {@code floor(rate)} sends. The margin covers how much the delay between our send and the moment
 * the API's limiter counts the request varies (scheduling here, the network there).
 *
 * <p><b>What it learns.</b> The margin starts at {@link #BASE_MARGIN_NANOS}, the spread measured on
 * loopback with the simulator in the same JVM. A send that has to open a new connection (more requests in
 * flight than ever before, or the JVM's first) reaches the API later than the others, so it is
 * counted as if sent later: by twice the time to open a connection once {@link #learnConnectNanos}
 * measured it, {@link #COLD_SEND_NANOS} until then ({@link #FIRST_SEND_NANOS} for this budget's
 * first), and at least {@link #COLD_SEND_NANOS} until the budget's first answer: a fresh JVM's
 * HTTP client also runs its code for new connections for the first time. A
 * 429 for a request we sent at our own limit shows that the delay varied by more than the margin:
 * the margin grows to that excess plus {@link #MARGIN_STEP_NANOS}, and shrinks back by {@link
 * #MARGIN_DECAY_NANOS} per success, so a passing spike does not cost throughput for long. Such a
 * 429 does not cut the rate: our own sends explain it.
 *
 * <p><b>Contention.</b> A 429 that our own sends do not explain (we were below our limit, or the
 * margin is already at its cap), or that follows another within {@link #CONTENTION_NANOS} although
 * it was sent after we reacted to that one, means
 * another client uses the tenant's budget: the rate is cut multiplicatively, at most once per
 * second, then held, probed up slowly and climbed back ({@link NeighbourPacing}), instead of every
 * request retrying in lockstep or the rate oscillating around what the other client leaves.
 * A {@code Retry-After} pauses the whole budget.
 *
 * <p><b>Pauses of this JVM.</b> A garbage-collection pause (or a machine too busy to run our
 * threads) that begins after a permit was taken holds that request back until it ends, while the
 * sends after it leave on time: the window would then hold one too many at the API. With a {@link
 * PauseDetector}, every send counted within {@link #WIRE_NANOS} before such a pause (which the
 * detector dates from its last wake-up, up to one tick early), or during it, counts as sent when
 * the pause ended.
 */
public final class RateBudget implements RequestBudget {
  static final long WINDOW_NANOS = 1_000_000_000L;
  /** The margin to start from (measured, docs/decisions.md). */
  static final long BASE_MARGIN_NANOS = 30_000_000L;
  /** Added to the observed excess on a 429. */
  static final long MARGIN_STEP_NANOS = 20_000_000L;
  /** The margin never grows beyond this (a quarter of the budget). */
  static final long MAX_MARGIN_NANOS = 250_000_000L;
  /** Taken off the margin per success: about 30 ms a minute at 10 requests/s. */
  static final long MARGIN_DECAY_NANOS = 50_000L;
  /**
   * How much later a send that opens a connection may reach the API (connect, TLS), until {@link
   * #learnConnectNanos} measured it.
   */
  static final long COLD_SEND_NANOS = 60_000_000L;
  /** The most a measured cold-send allowance may be. */
  static final long MAX_COLD_SEND_NANOS = 300_000_000L;
  /**
   * The JVM's first send also loads classes: ~80-160 ms measured here. Its next sends, on new
   * connections before any answer came back, still run cold code: one reached the API 61 ms after
   * its grant, in two JVMs starting together on 2 cores, while connecting took 0.35 ms.
   */
  static final long FIRST_SEND_NANOS = 300_000_000L;
  /**
   * A send taken this long before a pause began may not have reached the wire yet (from the permit
   * to the API's clock: p99 17 ms measured on loopback under load, docs/decisions.md).
   */
  static final long WIRE_NANOS = 20_000_000L;
  /** A second 429 within this time shows that the margin alone does not explain them. */
  static final long CONTENTION_NANOS = 2 * WINDOW_NANOS;

  /**
   * Consecutive sends are at least this share of {@code 1/rate} apart: smooth, yet a send that
   * left late (the thread woke late) does not push every later send back; the window rule, not
   * the spacing, keeps the rate.
   */
  static final double SPACING = 0.9;

  /** Multiplicative cut on the first contention ({@link NeighbourPacing} sets the rest). */
  static final double CUT = NeighbourPacing.CUT;

  private final double maxRate;
  private final double minRate;
  private final LongSupplier nanoClock;
  private final @Nullable PauseDetector pauses;
  /** Pauses of {@link #pauses} already applied to {@link #sends}. */
  private long pausesSeen;
  /** The times the latest sends count as sent, ascending; longer than a window so 429s can be placed. */
  private final SendTimes sends;
  private final int perWindow;
  private final NeighbourPacing pacing;
  private long lastSend;
  private boolean anySent;
  /** Whether any answer came back (the HTTP client's code for a request has run once). */
  private boolean anyAnswer;
  private double rate;
  private long lastCutNanos;
  /** Whether the rate was ever cut (then {@link #lastCutNanos} is the last cut). */
  private boolean cutOnce;
  /** Cuts made here (contention), so that a shared budget can tell the other readers of each. */
  private long cuts;
  private long last429Nanos;
  private long marginNanos = BASE_MARGIN_NANOS;
  /** When we last reacted to a 429 (raised the margin or cut the rate). */
  private long reactedAt;
  private long pausedUntil;
  private long coldNanos = COLD_SEND_NANOS;
  private boolean coldLearned;

  public RateBudget(double ratePerSecond, LongSupplier nanoClock) {
    this(ratePerSecond, nanoClock, null);
  }

  /** A budget that counts sends held back by this JVM's pauses ({@code pauses}) as sent after them. */
  public RateBudget(double ratePerSecond, LongSupplier nanoClock, @Nullable PauseDetector pauses) {
    if (!(ratePerSecond > 0)) {
      throw new IllegalArgumentException("rate must be positive: " + ratePerSecond);
    }
    this.maxRate = ratePerSecond;
    this.minRate = Math.min(ratePerSecond, 0.5);
    this.nanoClock = nanoClock;
    this.pauses = pauses;
    this.pausesSeen = pauses == null ? 0 : pauses.count();
    this.perWindow = Math.max(1, (int) Math.floor(ratePerSecond));
    this.pacing = new NeighbourPacing(ratePerSecond, minRate);
    this.sends = new SendTimes(Math.min(4096, perWindow * 4));
    this.rate = ratePerSecond;
    long now = nanoClock.getAsLong();
    this.lastCutNanos = now - WINDOW_NANOS;
    this.last429Nanos = now - CONTENTION_NANOS;
    this.reactedAt = now - 1;
    this.pausedUntil = now;
  }

  /** Nanoseconds until a request may be sent; 0 when one may be sent now. */
  @Override
  public synchronized long nanosUntilPermit() {
    if (pauses != null) {
      pauses.touch(); // a request waits: watch from now, before its permit, not only after
    }
    applyPauses();
    return Math.max(0, permitAt() - nanoClock.getAsLong());
  }

  /** When the next send may leave (in the past when it may leave now). */
  private long permitAt() {
    long at = pausedUntil;
    if (anySent) {
      at = later(at, lastSend + gapNanos());
    }
    int allowed = allowedPerWindow();
    if (sends.size() >= allowed) {
      // the send that must leave the window before another may enter it
      at = later(at, sends.latest(allowed) + WINDOW_NANOS + marginNanos);
    }
    return at;
  }

  /**
   * Sends allowed in one window now: {@code floor(rate)} at the full rate; below it (after
   * contention) {@code ceil(rate)}, where the gap, one {@code 1/rate}, sets the pace.
   */
  synchronized int allowedPerWindow() {
    return Math.max(1, Math.min(perWindow,
        rate < maxRate ? (int) Math.ceil(rate) : (int) Math.floor(rate)));
  }

  /**
   * The least time between two sends now: {@link #SPACING} of {@code 1/rate} at the full rate (a
   * send that left late does not push the next ones back; the window keeps the rate), the whole
   * {@code 1/rate} below it, so that a settled rate is kept evenly beside another client.
   */
  synchronized long gapNanos() {
    return (long) ((rate < maxRate ? 1.0 : SPACING) * 1e9 / rate);
  }

  /** The later of two {@code nanoTime} values (by their difference: the clock may wrap). */
  private static long later(long a, long b) {
    return b - a > 0 ? b : a;
  }

  /**
   * Takes a permit if one is free now; {@code cold} when the send will open a new connection, so
   * that it holds its place in the window longer ({@link #coldSendNanos}).
   */
  @Override
  public synchronized boolean tryAcquire(boolean cold) {
    if (nanosUntilPermit() > 0) {
      return false;
    }
    long now = nanoClock.getAsLong();
    sends.add(now + laterNanos(cold));
    anySent = true;
    lastSend = now;
    return true;
  }

  /**
   * How much later than now a send taken now counts: {@link #FIRST_SEND_NANOS} for the first;
   * {@link #coldSendNanos} for one that opens a connection, at least {@link #COLD_SEND_NANOS}
   * until the first answer; else nothing.
   */
  synchronized long laterNanos(boolean cold) {
    if (!anySent) {
      return FIRST_SEND_NANOS;
    }
    if (!cold) {
      return 0;
    }
    return anyAnswer ? coldNanos : Math.max(coldNanos, COLD_SEND_NANOS);
  }

  /**
   * Learns how much later a send that opens a connection reaches the API: twice the measured time
   * to open one ({@link ConnectProbe}), at most {@link #MAX_COLD_SEND_NANOS}; the largest of the
   * measurements given to this budget. A negative {@code connectNanos} (unknown) keeps what is known.
   */
  @Override
  public synchronized void learnConnectNanos(long connectNanos) {
    if (connectNanos < 0) {
      return;
    }
    long allowance = Math.min(MAX_COLD_SEND_NANOS, 2 * connectNanos);
    coldNanos = coldLearned ? Math.max(coldNanos, allowance) : allowance;
    coldLearned = true;
  }

  /** The allowance in force for a send that opens a connection. */
  @Override
  public synchronized long coldSendNanos() {
    return coldNanos;
  }

  /** A 429 arrived for a request whose send time is unknown: contention, cut the rate. */
  @Override
  public synchronized void onRateLimited() {
    anyAnswer = true;
    long now = nanoClock.getAsLong();
    cut(now);
    last429Nanos = now;
    reactedAt = now;
  }

  /**
   * A 429 arrived for the request sent at {@code sentAtNanos}. A request sent before our last
   * reaction to a 429, or less than a window after our last cut (the API's window still held the
   * sends from before it; answers come seconds late), is accounted for by it. Otherwise: if our own sends explain it (the {@code
   * floor(rate)}-th send before it was less than one second plus the largest margin earlier),
   * learn a larger margin; if they do not, or 429s keep coming, cut the rate.
   */
  @Override
  public synchronized void onRateLimited(long sentAtNanos) {
    long bound = sends.beforeBy(sentAtNanos, perWindow);
    onRateLimited(sentAtNanos,
        bound == Long.MIN_VALUE ? Long.MAX_VALUE : sentAtNanos - bound - WINDOW_NANOS);
  }

  /**
   * {@link #onRateLimited(long)} where the caller knows how much more than a window before this
   * request the {@code floor(rate)}-th send before it left, among sends that share the tenant's
   * budget with it ({@code excessNanos}; {@link Long#MAX_VALUE} when there were fewer): {@link
   * SharedBudget} reads it from the store, where every JVM of the job records its sends.
   */
  synchronized void onRateLimited(long sentAtNanos, long excessNanos) {
    anyAnswer = true;
    long now = nanoClock.getAsLong();
    if (sentAtNanos - reactedAt <= 0) {
      return; // sent before we last reacted to a 429: that reaction accounts for it
    }
    if (cutOnce && sentAtNanos - lastCutNanos < WINDOW_NANOS) {
      return; // its window still held sends from before the last cut: that cut accounts for it
    }
    boolean again = now - last429Nanos < CONTENTION_NANOS;
    last429Nanos = now;
    reactedAt = now;
    long excess = excessNanos;
    boolean explained = excess < MAX_MARGIN_NANOS && marginNanos < MAX_MARGIN_NANOS;
    if (!explained || again) {
      cut(now);
    }
    if (explained && !again) {
      // contention is answered by the rate, which recovers in seconds; a margin raised for it
      // would take minutes to decay
      marginNanos = Math.min(MAX_MARGIN_NANOS, Math.max(excess, marginNanos) + MARGIN_STEP_NANOS);
    }
  }

  /** The server asked for a pause ({@code Retry-After}): no request leaves before it ends. */
  @Override
  public synchronized void pauseFor(long millis) {
    if (millis > 0) {
      pausedUntil = Math.max(pausedUntil, nanoClock.getAsLong() + millis * 1_000_000);
    }
  }

  /** A request succeeded: recover towards the configured rate and the base margin. */
  @Override
  public synchronized void onSuccess() {
    anyAnswer = true;
    if (rate < maxRate) {
      rate = pacing.recover(rate, nanoClock.getAsLong());
    }
    marginNanos = Math.max(BASE_MARGIN_NANOS, marginNanos - MARGIN_DECAY_NANOS);
  }

  /** The rate in force now. */
  @Override
  public synchronized double currentRate() {
    return rate;
  }

  /** The window's margin in force now. */
  synchronized long marginNanos() {
    return marginNanos;
  }

  private void applyPauses() {
    if (pauses != null) {
      pausesSeen = pauses.forEachSince(pausesSeen, (from, to) -> sends.delay(from - WIRE_NANOS, to));
    }
  }

  private void cut(long now) {
    if (now - lastCutNanos >= WINDOW_NANOS) {
      rate = pacing.cut(rate, now);
      lastCutNanos = now;
      cutOnce = true;
      cuts++;
    }
  }

  /** Cuts made here so far (not counting those adopted from other readers). */
  synchronized long cuts() {
    return cuts;
  }

  /** Where contention last showed: the rate at the last cut (made here or adopted). */
  synchronized double ceiling() {
    return pacing.ceiling();
  }

  /**
   * Takes over a cut that another reader of the tenant made at {@code cutAtNanos} (this clock):
   * the rate becomes {@code sharedRate} and is held, probed and climbed back from there, below
   * {@code ceiling}, as if the cut had been made here; a 429 for a send from before it is accounted
   * for by it. A cut less than a window after the last one here (this reader's own, read back, or
   * the same contention seen twice) or older than a hold and a probe changes nothing.
   */
  synchronized void adoptCut(double sharedRate, double ceiling, long cutAtNanos) {
    long now = nanoClock.getAsLong();
    if (cutOnce && cutAtNanos - lastCutNanos < WINDOW_NANOS
        || now - cutAtNanos >= NeighbourPacing.HOLD_NANOS + NeighbourPacing.PROBE_NANOS) {
      return;
    }
    rate = Math.max(minRate, Math.min(maxRate, sharedRate));
    pacing.adopt(rate, ceiling, cutAtNanos);
    lastCutNanos = cutAtNanos;
    cutOnce = true;
    reactedAt = later(reactedAt, cutAtNanos);
  }
}
