package com.amperityworkflowruns.io;

import com.amperityworkflowruns.fetch.Cursor;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Writes a reader's pages to its {@link ShardSpool} on a few background threads, so that the
 * thread that claims pages never waits for the file system (on Cloud Storage one upload, tens of
 * milliseconds, per page).
 *
 * <ul>
 *   <li><b>Order.</b> The pages of one shard are written one after the other, in claim order: a
 *       crash can leave a shard's kept pages short, never with a gap (replay stops at a gap).
 *   <li><b>Kept before committed.</b> {@link #awaitWritten} waits for every write submitted so
 *       far and throws if one failed. The reader calls it before its {@code processElement}
 *       returns, that is before the runner commits the call's claims and output: a checkpoint is
 *       never taken over a page that is not kept, and a write that failed fails the bundle, whose
 *       retry claims and writes the page again (as the synchronous write did).
 *   <li><b>Bounded.</b> At most {@value #MAX_PENDING} pages wait or are being written; a claim
 *       beyond that waits for a slot, so a slow store slows the reader instead of filling the heap.
 *   <li><b>Metric.</b> The time of each write, in microseconds, is the {@code amperity} /
 *       {@code spool_write_micros} distribution, recorded on the claiming thread (the runner's
 *       metrics belong to it).
 * </ul>
 *
 * <p>One per DoFn instance, used by one thread at a time (not thread-safe).
 */
final class SpoolWriter implements AutoCloseable {
  /** Pages written at once: enough to hide a store's latency behind the reader's claims. */
  static final int THREADS = 8;
  /** Pages waiting or being written, at most. */
  static final int MAX_PENDING = 32;
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final ShardSpool spool;
  private final ExecutorService pool;
  private final Semaphore slots = new Semaphore(MAX_PENDING);
  /** The last write submitted for each shard, which the shard's next write follows. */
  private final Map<String, CompletableFuture<Long>> lastOfShard = new HashMap<>();
  /** Writes submitted since the last {@link #awaitWritten}, in order; each yields its nanos. */
  private final List<CompletableFuture<Long>> unawaited = new ArrayList<>();
  private final Distribution writeMicros =
      Metrics.distribution(ReadCounters.NAMESPACE, "spool_write_micros");

  SpoolWriter(ShardSpool spool) {
    this.spool = spool;
    int id = POOLS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(THREADS, r -> {
      Thread t = new Thread(r, "spool-writer-" + id + "-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Queues page {@code index} of {@code shard} for writing after the shard's earlier pages;
   * returns at once unless {@value #MAX_PENDING} pages are pending, then waits for a slot.
   */
  void write(Cursor shard, int index, List<String> runs, @Nullable String nextToken,
      @Nullable Long total) throws InterruptedException {
    recordFinished();
    slots.acquire();
    String key = shard.fromMicros + "-" + shard.toMicros;
    CompletableFuture<Long> before =
        lastOfShard.getOrDefault(key, CompletableFuture.completedFuture(0L));
    CompletableFuture<Long> write = before.thenApplyAsync(ignored -> {
      long start = System.nanoTime();
      spool.writePage(shard, index, runs, nextToken, total);
      return System.nanoTime() - start;
    }, pool);
    write.whenComplete((nanos, error) -> slots.release());
    lastOfShard.put(key, write);
    unawaited.add(write);
  }

  /**
   * Waits until every page submitted so far is written and records the times.
   *
   * @throws UncheckedIOException the first failure (the pages of its shard after it are not
   *     written either)
   */
  void awaitWritten() throws InterruptedException {
    RuntimeException failure = null;
    for (CompletableFuture<Long> write : unawaited) {
      try {
        writeMicros.update(write.get() / 1000);
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof RuntimeException r ? r
              : new IllegalStateException("cannot write a resume copy", e.getCause());
        }
      }
    }
    unawaited.clear();
    lastOfShard.clear();
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Waits for the writes in flight and forgets their outcome: the call failed, its claims are not
   * committed, and no write of it may outlive it and race the retry's writes of the same pages.
   */
  void abandon() {
    for (CompletableFuture<Long> write : unawaited) {
      try {
        write.join();
      } catch (CompletionException | java.util.concurrent.CancellationException ignored) {
        // the call failed anyway; its retry writes the page again
      }
    }
    unawaited.clear();
    lastOfShard.clear();
  }

  /** Records the writes that finished, so that the list of pending ones stays short. */
  private void recordFinished() {
    for (Iterator<CompletableFuture<Long>> it = unawaited.iterator(); it.hasNext(); ) {
      CompletableFuture<Long> write = it.next();
      if (!write.isDone()) {
        return; // keep the rest in order; a failure stays for awaitWritten to throw
      }
      if (write.isCompletedExceptionally()) {
        return;
      }
      writeMicros.update(write.join() / 1000);
      it.remove();
    }
  }

  /** Lets queued writes finish on their threads, then lets the threads end. */
  @Override
  public void close() {
    pool.shutdown();
  }
}
