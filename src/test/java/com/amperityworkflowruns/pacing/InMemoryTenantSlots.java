package com.amperityworkflowruns.pacing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@link TenantSlots} in memory, on a given clock: the same window as the Redis script, for tests
 * of {@link SharedBudget}. Sends of one store are shared by every {@link #forTenant} view, as Redis
 * shares them among JVMs; {@link #setReachable} stands for a Redis that went away.
 */
final class InMemoryTenantSlots {
  private final LongSupplier clock;
  /** Per tenant, each send (named by its view and its number) and when it counts from. */
  private final Map<String, Map<String, Long>> sends = new HashMap<>();
  private final Map<String, Long> lastGrant = new HashMap<>();
  /** Per tenant, the shared cut: rate, ceiling, when it was shared, until when it is kept. */
  private final Map<String, double[]> paces = new HashMap<>();
  private boolean reachable = true;
  private long calls;
  private long views;

  InMemoryTenantSlots(LongSupplier clock) {
    this.clock = clock;
  }

  synchronized void setReachable(boolean reachable) {
    this.reachable = reachable;
  }

  /** Calls answered or refused so far. */
  synchronized long calls() {
    return calls;
  }

  /** One tenant's sends, as a JVM sees them. */
  synchronized TenantSlots forTenant(String tenant) {
    String view = "view-" + (++views) + ":";
    return new TenantSlots() {
      @Override
      public long tryTake(long send, int perWindow, long windowNanos, long gapNanos,
          long laterNanos) throws Unavailable {
        return take(tenant, view + send, perWindow, windowNanos, gapNanos, laterNanos);
      }

      @Override
      public void countLater(long send, long byNanos) throws Unavailable {
        later(tenant, view + send, byNanos);
      }

      @Override
      public long spanBefore(long send, int count) throws Unavailable {
        return span(tenant, view + send, count);
      }

      @Override
      public void sharePace(double rate, double ceiling, long keepNanos) throws Unavailable {
        share(tenant, rate, ceiling, keepNanos);
      }

      @Override
      public Pace pace() throws Unavailable {
        return readPace(tenant);
      }

      @Override
      public void close() {}
    };
  }

  private void answer() throws TenantSlots.Unavailable {
    calls++;
    if (!reachable) {
      throw new TenantSlots.Unavailable("in-memory slots unreachable",
          new java.net.ConnectException("Connection refused"));
    }
  }

  private synchronized long take(String tenant, String member, int perWindow, long window,
      long gap, long later) throws TenantSlots.Unavailable {
    answer();
    long now = clock.getAsLong();
    Map<String, Long> all = sends.computeIfAbsent(tenant, t -> new HashMap<>());
    // as the script: sends are kept two windows, so that a 429 can be placed among them
    all.values().removeIf(at -> at - (now - 2 * window) <= 0);
    List<Long> counting = new ArrayList<>();
    for (long at : all.values()) {
      if (at - (now - window) > 0) {
        counting.add(at);
      }
    }
    counting.sort(null);
    long wait = 0;
    if (counting.size() >= perWindow) {
      wait = counting.get(counting.size() - perWindow) + window - now;
    }
    Long last = lastGrant.get(tenant);
    if (last != null) {
      wait = Math.max(wait, last + gap - now);
    }
    if (wait > 0) {
      return wait;
    }
    all.put(member, now + later);
    lastGrant.put(tenant, now);
    return 0;
  }

  private synchronized long span(String tenant, String member, int count)
      throws TenantSlots.Unavailable {
    answer();
    Map<String, Long> all = sends.getOrDefault(tenant, new HashMap<>());
    Long at = all.get(member);
    if (at == null) {
      return -1;
    }
    List<Long> before = new ArrayList<>();
    for (long t : all.values()) {
      if (t - at < 0) {
        before.add(t);
      }
    }
    before.sort(null);
    return before.size() < count ? -1 : at - before.get(before.size() - count);
  }

  private synchronized void share(String tenant, double rate, double ceiling, long keepNanos)
      throws TenantSlots.Unavailable {
    answer();
    long now = clock.getAsLong();
    paces.put(tenant, new double[] {rate, ceiling, now, now + keepNanos});
  }

  private synchronized TenantSlots.Pace readPace(String tenant) throws TenantSlots.Unavailable {
    answer();
    long now = clock.getAsLong();
    double[] p = paces.get(tenant);
    if (p == null || now - (long) p[3] >= 0) {
      return null;
    }
    return new TenantSlots.Pace(p[0], p[1], now - (long) p[2]);
  }

  private synchronized void later(String tenant, String member, long byNanos)
      throws TenantSlots.Unavailable {
    answer();
    sends.getOrDefault(tenant, new HashMap<>()).computeIfPresent(member, (m, at) -> at + byNanos);
  }
}
