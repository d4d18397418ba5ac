package com.amperityworkflowruns.pacing;

import com.amperityworkflowruns.gcp.SecretManagerStore;
import com.amperityworkflowruns.gcp.SecretName;
import com.amperityworkflowruns.gcp.SecretStore;
import java.io.Serializable;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where the tenant's shared rate budget lives: a Redis server ({@code HOST:PORT}), optionally over
 * TLS and with AUTH, as Memorystore offers them. Holds no secret: the AUTH string and the server's
 * CA certificate are named by Secret Manager versions and read where the reader runs.
 *
 * <pre>{@code
 * RunsApiIO.read()
 *     .withRateLimit(10)
 *     .withRedisLimiter(RedisLimiter.at("10.0.0.3:6378").withTls(true)
 *         .withAuthSecret(SecretName.parse("--redisAuthSecretName",
 *             "projects/acme/secrets/redis-auth")));
 * }</pre>
 */
public final class RedisLimiter implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern ADDRESS =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+):([0-9]{1,5})");

  final String host;
  final int port;
  final boolean tls;
  final @Nullable SecretName authSecret;
  final @Nullable SecretName caSecret;
  final SecretStore.Factory secretStore;

  private RedisLimiter(String host, int port, boolean tls, @Nullable SecretName authSecret,
      @Nullable SecretName caSecret, SecretStore.Factory secretStore) {
    this.host = host;
    this.port = port;
    this.tls = tls;
    this.authSecret = authSecret;
    this.caSecret = caSecret;
    this.secretStore = secretStore;
  }

  /**
   * The Redis server at {@code HOST:PORT} ({@code [IPv6]:PORT} too), without TLS or AUTH.
   *
   * @throws IllegalArgumentException naming the expected form
   */
  public static RedisLimiter at(String address) {
    Matcher m = address == null ? null : ADDRESS.matcher(address.trim());
    int port = m != null && m.matches() ? Integer.parseInt(m.group(2)) : 0;
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("--redis=" + address
          + " is not HOST:PORT (e.g. --redis=10.0.0.3:6379, or 127.0.0.1:6379 locally)");
    }
    String host = m.group(1);
    if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    return new RedisLimiter(host, port, false, null, null, SecretManagerStore.factory());
  }

  /** Connects over TLS (Memorystore's in-transit encryption); default off. */
  public RedisLimiter withTls(boolean on) {
    return new RedisLimiter(host, port, on, authSecret, caSecret, secretStore);
  }

  /** Sends the AUTH string held by this Secret Manager version; default none. */
  public RedisLimiter withAuthSecret(@Nullable SecretName name) {
    return new RedisLimiter(host, port, tls, name, caSecret, secretStore);
  }

  /**
   * With TLS, trusts the server certificate signed by the CA whose PEM this Secret Manager version
   * holds (Memorystore's server CA); default: the JVM's trust store.
   */
  public RedisLimiter withServerCaSecret(@Nullable SecretName name) {
    return new RedisLimiter(host, port, tls, authSecret, name, secretStore);
  }

  /** The same settings reading secrets from {@code store} (tests use an in-memory one). */
  public RedisLimiter withSecretStore(SecretStore.Factory store) {
    return new RedisLimiter(host, port, tls, authSecret, caSecret, Objects.requireNonNull(store));
  }

  /** {@code HOST:PORT} as given ({@code [IPv6]:PORT}). */
  public String address() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RedisLimiter r && r.host.equals(host) && r.port == port && r.tls == tls
        && Objects.equals(r.authSecret, authSecret) && Objects.equals(r.caSecret, caSecret);
  }

  @Override
  public int hashCode() {
    return Objects.hash(host, port, tls, authSecret, caSecret);
  }

  @Override
  public String toString() {
    return "Redis at " + address() + (tls ? " over TLS" : "")
        + (authSecret != null ? ", AUTH from " + authSecret : "");
  }
}
