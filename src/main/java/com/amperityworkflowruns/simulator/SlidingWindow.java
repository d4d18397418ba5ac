package com.amperityworkflowruns.simulator;

import java.util.ArrayDeque;

/** Events within the last 1000 ms of a nanosecond ticker; thread-safe. */
final class SlidingWindow {
  static final long WINDOW_NANOS = 1_000_000_000L;
  private final ArrayDeque<Long> events = new ArrayDeque<>();

  /**
   * Records an event at {@code now} unless {@code limit > 0} events already lie within the last
   * 1000 ms; returns the count in the window after recording, or -1 when refused.
   */
  synchronized int tryAdd(long now, int limit) {
    while (!events.isEmpty() && now - events.peekFirst() >= WINDOW_NANOS) {
      events.pollFirst();
    }
    if (limit > 0 && events.size() >= limit) {
      return -1;
    }
    events.addLast(now);
    return events.size();
  }

  synchronized void clear() {
    events.clear();
  }
}
