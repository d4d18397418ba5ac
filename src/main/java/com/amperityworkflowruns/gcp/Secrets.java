package com.amperityworkflowruns.gcp;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Secrets read once per JVM and kept for its life: every DoFn instance and thread of a worker
 * shares one read of each secret version, and a rotated secret is read again only when the
 * service refused the value we hold ({@link #reread}).
 *
 * <p>Values are the payload as UTF-8 text, surrounding whitespace removed (a secret added with
 * {@code echo ... | gcloud secrets versions add --data-file=-} ends with a newline).
 */
public final class Secrets {
  private record Key(SecretStore.Factory store, SecretName name) {}

  private static final Map<Key, String> CACHE = new ConcurrentHashMap<>();

  private Secrets() {}

  /**
   * The value of {@code name}, read from {@code store} the first time in this JVM.
   *
   * @throws SecretAccessException when it cannot be read (nothing is cached then)
   * @throws IllegalArgumentException when the version is empty
   */
  public static String read(SecretStore.Factory store, SecretName name, Map<String, String> env) {
    Key key = new Key(store, name);
    String cached = CACHE.get(key);
    if (cached != null) {
      return cached;
    }
    synchronized (Secrets.class) {
      return CACHE.computeIfAbsent(key, k -> fetch(store, name, env));
    }
  }

  /**
   * After the service refused {@code rejected}: the value read again, or null when the store
   * still holds {@code rejected} (the secret was not rotated, so retrying is pointless). When
   * another thread already replaced the rejected value, that value is returned without a read.
   */
  public static @Nullable String reread(
      SecretStore.Factory store, SecretName name, Map<String, String> env, String rejected) {
    Key key = new Key(store, name);
    synchronized (Secrets.class) {
      String cached = CACHE.get(key);
      if (cached != null && !cached.equals(rejected)) {
        return cached;
      }
      String fresh = fetch(store, name, env);
      CACHE.put(key, fresh);
      return fresh.equals(rejected) ? null : fresh;
    }
  }

  private static String fetch(
      SecretStore.Factory factory, SecretName name, Map<String, String> env) {
    byte[] payload;
    try (SecretStore store = factory.open(env)) {
      payload = store.access(name);
    }
    String value = new String(payload, StandardCharsets.UTF_8).trim();
    if (value.isEmpty()) {
      throw new IllegalArgumentException(
          "secret " + name + " is empty: add a version holding the secret");
    }
    return value;
  }
}
