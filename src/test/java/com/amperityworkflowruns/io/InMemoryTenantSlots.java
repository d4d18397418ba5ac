package com.amperityworkflowruns.io;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@link TenantSlots} in memory, on a given clock: the same GCRA as the Redis script, for tests
 * of {@link SharedBudget}. Slots of one store are shared by every {@link #forTenant} view, as
 * Redis shares them among JVMs; {@link #setReachable} stands for a Redis that went away.
 */
final class InMemoryTenantSlots {
  private final LongSupplier clock;
  private final Map<String, Long> tat = new HashMap<>();
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

  /** One tenant's slots, as a JVM sees them. */
  TenantSlots forTenant(String tenant) {
    return new TenantSlots() {
      @Override
      public long reserve(long intervalNanos) throws Unavailable {
        return take(tenant, intervalNanos);
      }

      @Override
      public void delay(long nanos) throws Unavailable {
        if (nanos > 0) {
          take(tenant, nanos);
        }
      }

      @Override
      public void close() {}
    };
  }

  private synchronized long take(String tenant, long nanos) throws TenantSlots.Unavailable {
    calls++;
    if (!reachable) {
      throw new TenantSlots.Unavailable("in-memory slots unreachable",
          new java.net.ConnectException("Connection refused"));
    }
    long now = clock.getAsLong();
    long start = Math.max(tat.getOrDefault(tenant, now), now);
    tat.put(tenant, start + nanos);
    return start - now;
  }
}
