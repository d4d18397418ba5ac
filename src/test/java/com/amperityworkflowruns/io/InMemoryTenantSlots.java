package com.amperityworkflowruns.io;

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
  private final Map<String, List<Long>> sends = new HashMap<>();
  private final Map<String, Long> lastGrant = new HashMap<>();
  private boolean reachable = true;
  private long calls;

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
  TenantSlots forTenant(String tenant) {
    return new TenantSlots() {
      @Override
      public long tryTake(int perWindow, long windowNanos, long gapNanos, long laterNanos)
          throws Unavailable {
        return take(tenant, perWindow, windowNanos, gapNanos, laterNanos);
      }

      @Override
      public void close() {}
    };
  }

  private synchronized long take(String tenant, int perWindow, long window, long gap, long later)
      throws TenantSlots.Unavailable {
    calls++;
    if (!reachable) {
      throw new TenantSlots.Unavailable("in-memory slots unreachable",
          new java.net.ConnectException("Connection refused"));
    }
    long now = clock.getAsLong();
    List<Long> counting = new ArrayList<>();
    for (long at : sends.getOrDefault(tenant, List.of())) {
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
    counting.add(now + later);
    sends.put(tenant, counting);
    lastGrant.put(tenant, now);
    return 0;
  }
}
