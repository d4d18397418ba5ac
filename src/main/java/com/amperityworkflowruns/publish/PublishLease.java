package com.amperityworkflowruns.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The right to publish to one output, held by one job at a time: the object {@code
 * {output}/_lease.json}, created only if absent, holding the job id and an expiry.
 *
 * <p>The holder renews it while publishing ({@link #keepAlive}, called between steps: a third of
 * {@link #TTL} after the last renewal) and deletes it after. A job that finds a live lease of
 * another job waits, polling, up to its {@code --leaseWait}, then gives up naming the holder. An
 * expired lease (its holder died) is taken over with a conditional replace, so two jobs cannot
 * both take it. A lease of the same job id (a retried bundle of the same job) is taken back.
 *
 * <p>Expiry depends on the clocks of the machines agreeing to well within {@link #TTL}; on
 * Dataflow and Compute Engine they are synchronized by NTP.
 */
public final class PublishLease {
  private static final Logger LOG = LoggerFactory.getLogger(PublishLease.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** How long a lease lives without renewal. */
  public static final Duration TTL = Duration.ofMinutes(2);
  /** How often a waiting job reads the lease again. */
  static final Duration POLL = Duration.ofSeconds(1);

  /** Waits between polls; tests advance a fake clock instead of sleeping. */
  public interface Waiter {
    void await(Duration duration) throws InterruptedException;

    Waiter SLEEP = d -> Thread.sleep(d.toMillis());
  }

  /** The job id and expiry a lease object holds. */
  public static final class Holder {
    public final String jobId;
    final Instant expiresAt;

    Holder(String jobId, Instant expiresAt) {
      this.jobId = jobId;
      this.expiresAt = expiresAt;
    }

    byte[] toJson() {
      ObjectNode n = JSON.createObjectNode();
      n.put("jobId", jobId);
      n.put("expiresAt", expiresAt.toString());
      return n.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    public static Holder parse(byte[] content) {
      try {
        JsonNode n = JSON.readTree(content);
        return new Holder(n.path("jobId").asText("unknown"),
            Instant.parse(n.path("expiresAt").asText()));
      } catch (IOException | DateTimeException e) {
        return new Holder("unknown", Instant.EPOCH); // unreadable: treat as expired
      }
    }

    @Override
    public String toString() {
      return "job " + jobId + " (lease until " + expiresAt + ")";
    }
  }

  private final LeaseStore store;
  private final String path;
  private final String jobId;
  private final Clock clock;
  private long generation;
  private Instant renewedAt;
  private final @Nullable Holder tookOverFrom;

  private PublishLease(LeaseStore store, String path, String jobId, Clock clock, long generation,
      @Nullable Holder tookOverFrom) {
    this.store = store;
    this.path = path;
    this.jobId = jobId;
    this.clock = clock;
    this.generation = generation;
    this.renewedAt = clock.instant();
    this.tookOverFrom = tookOverFrom;
  }

  /** Where the lease of {@code layout} lives. */
  public static String path(OutputLayout layout) {
    return layout.control("_lease.json");
  }

  /**
   * Takes the lease for {@code jobId}, waiting up to {@code maxWait} while another job holds a
   * live one; {@code onBusy} hears of each wait.
   *
   * @throws PublishRefusedException naming the holder when it is still held after {@code maxWait}
   */
  public static PublishLease acquire(LeaseStore store, String path, String jobId, Clock clock,
      Duration maxWait, Waiter waiter, java.util.function.Consumer<String> onBusy)
      throws IOException {
    Instant deadline = clock.instant().plus(maxWait);
    while (true) {
      Attempt a = attempt(store, path, jobId, clock);
      if (a.lease != null) {
        return a.lease;
      }
      if (a.holder == null) {
        continue; // it was released between our read and our write: try again at once
      }
      Instant now = clock.instant();
      if (!now.isBefore(deadline)) {
        throw new PublishRefusedException("the output is being published by " + a.holder
            + "; waited " + maxWait + " for it. Run again once it has finished, or wait longer"
            + " with --leaseWait (e.g. --leaseWait=PT15M); nothing was changed");
      }
      onBusy.accept(a.holder.jobId);
      try {
        Duration left = Duration.between(now, deadline);
        waiter.await(left.compareTo(POLL) < 0 ? left : POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for the lease held by " + a.holder, e);
      }
    }
  }

  /** One attempt: the lease, or null when another job holds a live one. */
  public static @Nullable PublishLease tryAcquire(LeaseStore store, String path, String jobId,
      Clock clock) throws IOException {
    for (int i = 0; i < 3; i++) {
      Attempt a = attempt(store, path, jobId, clock);
      if (a.lease != null || a.holder != null) {
        return a.lease;
      }
    }
    return null;
  }

  private static final class Attempt {
    final @Nullable PublishLease lease;
    final @Nullable Holder holder;

    Attempt(@Nullable PublishLease lease, @Nullable Holder holder) {
      this.lease = lease;
      this.holder = holder;
    }
  }

  private static Attempt attempt(LeaseStore store, String path, String jobId, Clock clock)
      throws IOException {
    Instant now = clock.instant();
    byte[] mine = new Holder(jobId, now.plus(TTL)).toJson();
    LeaseStore.Versioned current = store.read(path);
    if (current == null) {
      long g = store.createIfAbsent(path, mine);
      return new Attempt(g > 0 ? new PublishLease(store, path, jobId, clock, g, null) : null, null);
    }
    Holder holder = Holder.parse(current.content);
    if (holder.jobId.equals(jobId) || !holder.expiresAt.isAfter(now)) {
      long g = store.replace(path, mine, current.generation);
      if (g < 0) {
        return new Attempt(null, null);
      }
      Holder previous = holder.jobId.equals(jobId) ? null : holder;
      if (previous != null) {
        LOG.warn("Took over the expired publish lease of {}", previous);
      }
      return new Attempt(new PublishLease(store, path, jobId, clock, g, previous), null);
    }
    return new Attempt(null, holder);
  }

  /** The expired lease this one replaced, or null. */
  @Nullable
  Holder tookOverFrom() {
    return tookOverFrom;
  }

  /**
   * Renews the lease when a third of its life has passed since the last renewal.
   *
   * @throws IOException when the lease was lost (it expired and another job took it): the caller
   *     must stop changing the output
   */
  public void keepAlive() throws IOException {
    Instant now = clock.instant();
    if (Duration.between(renewedAt, now).compareTo(TTL.dividedBy(3)) < 0) {
      return;
    }
    long g = store.replace(path, new Holder(jobId, now.plus(TTL)).toJson(), generation);
    if (g < 0) {
      throw new IOException("lost the publish lease of " + path + " (not renewed within " + TTL
          + ", and another job took it); stopped publishing: the next job rolls the journal"
          + " forward");
    }
    generation = g;
    renewedAt = now;
  }

  /** Deletes the lease (if still ours). */
  public void release() {
    try {
      store.delete(path, generation);
    } catch (IOException e) {
      LOG.warn("Could not release the publish lease {}; it expires by itself within {}", path,
          TTL, e);
    }
  }
}
