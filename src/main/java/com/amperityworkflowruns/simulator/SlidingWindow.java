package com.amperityworkflowruns.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * Events in sliding windows of 1000 ms of a nanosecond ticker; thread-safe.
 *
 * <p>Events are stamped when their request arrives but recorded by handler threads, which a busy
 * machine may run in another order. So events are kept sorted, and an event is checked against
 * every window that would hold it, not only the one ending at it: whatever the order of recording,
 * no window holds more than the limit.
 */
final class SlidingWindow {
  static final long WINDOW_NANOS = 1_000_000_000L;
  /** Events this long before the latest are forgotten: no recording comes that late. */
  private static final long KEEP_NANOS = 3 * WINDOW_NANOS;
  /** Event times, ascending. */
  private final List<Long> events = new ArrayList<>();

  /**
   * Records an event at {@code at} unless a window of 1000 ms that would hold it already holds
   * {@code limit > 0} events; returns the most events in such a window after recording, or -1
   * when refused.
   */
  synchronized int tryAdd(long at, int limit) {
    int old = firstAfter(at - KEEP_NANOS);
    if (old > 0) {
      events.subList(0, old).clear();
    }
    // the windows ending at it and at each later event less than a window after it
    int most = countIn(at);
    for (int i = firstAfter(at); i < events.size() && events.get(i) - at < WINDOW_NANOS; i++) {
      most = Math.max(most, countIn(events.get(i)));
    }
    if (limit > 0 && most >= limit) {
      return -1;
    }
    events.add(firstAfter(at), at);
    return most + 1;
  }

  /** Events in {@code (end - 1000 ms, end]}. */
  private int countIn(long end) {
    return firstAfter(end) - firstAfter(end - WINDOW_NANOS);
  }

  /** The index of the first event later than {@code t} (times compared by difference). */
  private int firstAfter(long t) {
    int lo = 0;
    int hi = events.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (events.get(mid) - t > 0) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  synchronized void clear() {
    events.clear();
  }
}
