package com.amperityworkflowruns.gcp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory Secret Manager keeping the promises of {@link SecretStore}: versions numbered from
 * 1, {@code latest} the most recently added, disabled versions refused, callers denied or without
 * credentials refused, an outage reported as {@code UNAVAILABLE}. Its state is kept by id so that
 * the serializable {@link #factory()} reaches it from the pipeline's workers in the same JVM.
 */
public final class InMemorySecretStore {
  private static final Map<String, InMemorySecretStore> STORES = new ConcurrentHashMap<>();

  private final String id = UUID.randomUUID().toString();
  private final Map<String, List<byte[]>> versions = new ConcurrentHashMap<>();
  private final Set<String> disabled = ConcurrentHashMap.newKeySet();
  private final Set<String> denied = ConcurrentHashMap.newKeySet();
  private volatile boolean noCredentials;
  private volatile boolean unavailable;
  private final AtomicInteger reads = new AtomicInteger();

  private InMemorySecretStore() {}

  /** A new, empty store. */
  public static InMemorySecretStore create() {
    InMemorySecretStore store = new InMemorySecretStore();
    STORES.put(store.id, store);
    return store;
  }

  /** Adds a version holding {@code value} (UTF-8) to {@code projects/P/secrets/S}; returns its number. */
  public synchronized int addVersion(String project, String secret, String value) {
    List<byte[]> list = versions.computeIfAbsent(project + "/" + secret, k -> new ArrayList<>());
    list.add(value.getBytes(StandardCharsets.UTF_8));
    return list.size();
  }

  /** Disables version {@code version} of {@code projects/P/secrets/S}. */
  public void disable(String project, String secret, int version) {
    disabled.add(project + "/" + secret + "/" + version);
  }

  /** Refuses every read of {@code projects/P/secrets/S} (as a missing IAM binding does). */
  public void deny(String project, String secret) {
    denied.add(project + "/" + secret);
  }

  /** Behaves as on a machine without Google credentials. */
  public void withoutCredentials() {
    noCredentials = true;
  }

  /** Behaves as Secret Manager out of reach. */
  public void unavailable() {
    unavailable = true;
  }

  /** Reads served so far (successful or not). */
  public int reads() {
    return reads.get();
  }

  /** The factory opening this store; serializable, equal for the same store. */
  public SecretStore.Factory factory() {
    return new Factory(id);
  }

  private synchronized byte[] access(SecretName name) {
    reads.incrementAndGet();
    if (noCredentials) {
      throw SecretAccessException.of(SecretAccessException.Reason.NO_CREDENTIALS, name, null);
    }
    if (unavailable) {
      throw SecretAccessException.of(SecretAccessException.Reason.UNAVAILABLE, name, null);
    }
    String secret = name.project() + "/" + name.secret();
    if (denied.contains(secret)) {
      throw SecretAccessException.of(SecretAccessException.Reason.PERMISSION_DENIED, name, null);
    }
    List<byte[]> list = versions.get(secret);
    int number =
        list == null ? 0 : name.version().equals("latest") ? list.size() : Integer.parseInt(name.version());
    if (list == null || number < 1 || number > list.size()) {
      throw SecretAccessException.of(SecretAccessException.Reason.NOT_FOUND, name, null);
    }
    if (disabled.contains(secret + "/" + number)) {
      throw SecretAccessException.of(SecretAccessException.Reason.DISABLED, name, null);
    }
    return list.get(number - 1).clone();
  }

  private record Factory(String id) implements SecretStore.Factory {
    @Override
    public SecretStore open(Map<String, String> env) {
      InMemorySecretStore state = STORES.get(id);
      return new SecretStore() {
        @Override
        public byte[] access(SecretName name) {
          return state.access(name);
        }

        @Override
        public void close() {}
      };
    }
  }
}
