package com.amperityworkflowruns.bench;

import java.lang.management.ManagementFactory;

/** Samples the used heap every 50 ms; its maximum is the job's peak heap. */
final class HeapSampler implements AutoCloseable {
  private final java.util.concurrent.ScheduledExecutorService timer =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "heap-sampler");
        t.setDaemon(true);
        return t;
      });
  private final java.util.concurrent.atomic.AtomicLong peak = new java.util.concurrent.atomic.AtomicLong();

  HeapSampler() {
    System.gc();
    timer.scheduleAtFixedRate(
        () -> peak.accumulateAndGet(
            ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max),
        0, 50, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  long peak() {
    return peak.get();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
