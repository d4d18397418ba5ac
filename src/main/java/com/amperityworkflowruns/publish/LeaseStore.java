package com.amperityworkflowruns.publish;

import java.io.IOException;
import java.util.Objects;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Small objects changed only under a precondition on their generation: the seam behind the
 * publish lease ({@link PublishLease}). One object per output; the generation changes with every
 * write, so a writer that lost the object to someone else finds out instead of overwriting.
 *
 * <p>Implementations: {@link LocalLeaseStore} (a local or mounted disk: hard links and renames,
 * which the OS performs atomically), {@link GcsLeaseStore} (Cloud Storage preconditions {@code
 * ifGenerationMatch=0} and {@code ifGenerationMatch=g}) and {@link InMemoryLeaseStore} (the fake;
 * also for file systems inside this JVM); the same contract test runs against the local store and
 * the in-memory one.
 */
public interface LeaseStore {

  /** An object's content and generation. */
  final class Versioned {
    public final byte[] content;
    public final long generation;

    Versioned(byte[] content, long generation) {
      this.content = Objects.requireNonNull(content);
      this.generation = generation;
    }
  }

  /** Creates {@code path} holding {@code content} only if it does not exist: its generation, or -1. */
  long createIfAbsent(String path, byte[] content) throws IOException;

  /** The object at {@code path}, or null when there is none. */
  @Nullable
  Versioned read(String path) throws IOException;

  /**
   * Replaces the object only if its generation is still {@code generation}: the new generation,
   * or -1 when it changed or is gone.
   */
  long replace(String path, byte[] content, long generation) throws IOException;

  /** Deletes the object only if its generation is still {@code generation}; whether it did. */
  boolean delete(String path, long generation) throws IOException;

  /**
   * The store for an output root: Cloud Storage for {@code gs://}, the local disk for paths and
   * {@code file://}, and for other schemes (file systems registered inside this JVM, like the
   * tests' in-memory object store) the JVM's {@link InMemoryLeaseStore#PROCESS}.
   */
  static LeaseStore forRoot(String root) {
    if (root.startsWith("gs://")) {
      return GcsLeaseStore.create();
    }
    if (root.startsWith("/") || root.startsWith("file:")) {
      return new LocalLeaseStore();
    }
    return InMemoryLeaseStore.PROCESS;
  }
}
