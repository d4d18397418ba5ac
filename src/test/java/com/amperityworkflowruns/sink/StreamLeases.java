package com.amperityworkflowruns.sink;

import com.amperityworkflowruns.publish.InMemoryLeaseStore;
import com.amperityworkflowruns.publish.LeaseStore;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.publish.PublishLease;
import java.io.IOException;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What the stream lease of a state folder on a file system inside this JVM (such as the tests'
 * {@code mem://}) says, for tests outside this package: who holds it, and its generation, which
 * changes with every renewal.
 */
public final class StreamLeases {
  private StreamLeases() {}

  /** The job holding the lease of {@code state}, or null when nobody does. */
  public static @Nullable String holder(OutputLayout state) throws IOException {
    LeaseStore.Versioned v = InMemoryLeaseStore.PROCESS.read(StreamLease.path(state));
    return v == null ? null : PublishLease.Holder.parse(v.content).jobId;
  }

  /** The lease's generation (-1 when there is none). */
  public static long generation(OutputLayout state) throws IOException {
    LeaseStore.Versioned v = InMemoryLeaseStore.PROCESS.read(StreamLease.path(state));
    return v == null ? -1 : v.generation;
  }
}
