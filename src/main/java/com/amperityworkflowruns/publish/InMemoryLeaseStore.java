package com.amperityworkflowruns.publish;

import java.util.HashMap;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A {@link LeaseStore} in memory with Cloud Storage's promises (unique generations,
 * preconditions): the fake of the contract test, and the store of outputs on file systems that
 * live inside this JVM (such as the tests' in-memory object store), where only jobs of this JVM
 * can publish. It does not exclude jobs on other machines.
 */
public final class InMemoryLeaseStore implements LeaseStore {
  /** The store shared by every job of this JVM. */
  public static final InMemoryLeaseStore PROCESS = new InMemoryLeaseStore();

  private final Map<String, Versioned> objects = new HashMap<>();
  private long nextGeneration = 1_000;

  @Override
  public synchronized long createIfAbsent(String path, byte[] content) {
    if (objects.containsKey(path)) {
      return -1;
    }
    long g = nextGeneration++;
    objects.put(path, new Versioned(content.clone(), g));
    return g;
  }

  @Override
  public synchronized @Nullable Versioned read(String path) {
    Versioned v = objects.get(path);
    return v == null ? null : new Versioned(v.content.clone(), v.generation);
  }

  @Override
  public synchronized long replace(String path, byte[] content, long generation) {
    Versioned v = objects.get(path);
    if (v == null || v.generation != generation) {
      return -1;
    }
    long g = nextGeneration++;
    objects.put(path, new Versioned(content.clone(), g));
    return g;
  }

  @Override
  public synchronized boolean delete(String path, long generation) {
    Versioned v = objects.get(path);
    if (v == null || v.generation != generation) {
      return false;
    }
    objects.remove(path);
    return true;
  }
}
