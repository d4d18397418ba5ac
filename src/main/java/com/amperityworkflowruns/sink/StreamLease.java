package com.amperityworkflowruns.sink;

import com.amperityworkflowruns.publish.LeaseStore;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.publish.PublishLease;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

/**
 * The right to write a stream into BigQuery, held by one job at a time: the publish lease ({@link
 * PublishLease}) on the stream's state folder, {@code {output}/_stream_state/_lease.json}.
 *
 * <p>The launcher takes it before it deletes anything and refuses to start while another job holds
 * a live one; the running job renews it ({@link #renew}, from the pipeline, on whichever worker)
 * and gives it back when it ends ({@link #release}). A lease whose holder died expires after
 * {@link #TTL} and is then taken over. Renewing finds out when another job took it (the lease had
 * expired): that job fails instead of writing next to the other one.
 */
public final class StreamLease {
  /** How long the lease lives without renewal. */
  public static final Duration TTL = PublishLease.TTL;

  private StreamLease() {}

  /** Where the lease of the stream state {@code layout} lives. */
  public static String path(OutputLayout layout) {
    return layout.control(StreamProgress.STATE_DIR + "/_lease.json");
  }

  /**
   * Takes the lease for {@code jobId}, without waiting.
   *
   * @throws IllegalStateException with one line naming the holder when another job holds it
   * @throws IOException when the lease cannot be read or written
   */
  public static void acquire(OutputLayout layout, String jobId) throws IOException {
    acquire(LeaseStore.forRoot(layout.root()), layout, jobId, Clock.systemUTC());
  }

  static void acquire(LeaseStore store, OutputLayout layout, String jobId, Clock clock)
      throws IOException {
    PublishLease lease = PublishLease.tryAcquire(store, path(layout), jobId, clock);
    if (lease == null) {
      throw new IllegalStateException("another stream job writes this dataset: "
          + holder(store, layout) + " holds " + path(layout) + ". Stop it first (drain it and"
          + " wait until it has finished), then start again with --followFrom=resume; a lease"
          + " whose job died expires " + TTL.toMinutes() + " minutes after its last renewal");
    }
  }

  /**
   * Renews the lease of {@code jobId} (takes it back if it expired and nobody else took it).
   *
   * @throws IOException when another job holds it now: the caller must stop writing
   */
  public static void renew(OutputLayout layout, String jobId) throws IOException {
    renew(LeaseStore.forRoot(layout.root()), layout, jobId, Clock.systemUTC());
  }

  static void renew(LeaseStore store, OutputLayout layout, String jobId, Clock clock)
      throws IOException {
    if (PublishLease.tryAcquire(store, path(layout), jobId, clock) == null) {
      throw new IOException("job " + jobId + " lost the stream lease " + path(layout) + " to "
          + holder(store, layout) + " (not renewed within " + TTL + "); it stops writing");
    }
  }

  /** Deletes the lease when {@code jobId} holds it; a lease of another job is left alone. */
  public static void release(OutputLayout layout, String jobId) {
    release(LeaseStore.forRoot(layout.root()), layout, jobId);
  }

  static void release(LeaseStore store, OutputLayout layout, String jobId) {
    try {
      LeaseStore.Versioned v = store.read(path(layout));
      if (v != null && PublishLease.Holder.parse(v.content).jobId.equals(jobId)) {
        store.delete(path(layout), v.generation);
      }
    } catch (IOException e) {
      // it expires by itself within TTL
    }
  }

  private static String holder(LeaseStore store, OutputLayout layout) throws IOException {
    LeaseStore.Versioned v = store.read(path(layout));
    return v == null ? "another job" : PublishLease.Holder.parse(v.content).toString();
  }
}
