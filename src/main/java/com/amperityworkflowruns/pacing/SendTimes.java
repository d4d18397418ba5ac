package com.amperityworkflowruns.pacing;

import java.util.Arrays;

/**
 * The latest sends' counted times, ascending, at most {@code capacity} of them (the oldest leave
 * first). A send can count as later than it left (a cold send, or a pause of the JVM), so times
 * are kept sorted, not in send order. Not thread-safe: {@link RateBudget} holds its lock.
 */
final class SendTimes {
  private final long[] times;
  private int size;

  SendTimes(int capacity) {
    this.times = new long[Math.max(1, capacity)];
  }

  /** Adds a send counted at {@code at}; when full, forgets the earliest. */
  void add(long at) {
    if (size == times.length) {
      if (at - times[0] <= 0) {
        return; // earlier than everything kept: it can no longer bound a window
      }
      System.arraycopy(times, 1, times, 0, size - 1);
      size--;
    }
    int i = size;
    while (i > 0 && times[i - 1] - at > 0) {
      times[i] = times[i - 1];
      i--;
    }
    times[i] = at;
    size++;
  }

  /**
   * Counts every send counted in {@code [from, to)} as counted at {@code to} (they may have
   * waited out a pause of this JVM before reaching the wire). The order stays sorted: those sends
   * are contiguous, and every later one is at {@code to} or after it.
   */
  void delay(long from, long to) {
    for (int i = 0; i < size; i++) {
      if (times[i] - from >= 0 && times[i] - to < 0) {
        times[i] = to;
      }
    }
  }

  int size() {
    return size;
  }

  /** The {@code k}-th latest time (1 = the latest); {@code 1 <= k <= size()}. */
  long latest(int k) {
    return times[size - k];
  }

  /** The {@code k}-th latest time strictly before {@code at}, or {@link Long#MIN_VALUE} if fewer. */
  long beforeBy(long at, int k) {
    int before = 0;
    while (before < size && times[before] - at < 0) {
      before++;
    }
    return before >= k ? times[before - k] : Long.MIN_VALUE;
  }

  @Override
  public String toString() {
    return Arrays.toString(Arrays.copyOf(times, size));
  }
}
