package com.amperityworkflowruns.io;

import com.amperityworkflowruns.gcp.Secrets;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.checkerframework.checker.nullness.qual.Nullable;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * {@link TenantSlots} in Redis: one key per tenant holding its theoretical arrival time (TAT, in
 * microseconds of the Redis server's clock), updated by a Lua script, so that reading and moving
 * it is one atomic step whoever calls. Only the server's clock is used: the callers' clocks may
 * disagree, the answer is a wait relative to "now" at the server.
 *
 * <p>One connection, opened on first use and again after a failure; not thread-safe (its {@link
 * SharedBudget} holds the lock). Calls are bounded by {@link #TIMEOUT_MILLIS}.
 */
final class RedisSlots implements TenantSlots {
  /** Connect and read time-out: the dispatcher waits this long at most when Redis is away. */
  static final int TIMEOUT_MILLIS = 500;
  /** Prefix of every key this product writes. */
  static final String KEY_PREFIX = "amperity-workflow-runs:budget:";

  /**
   * GCRA with no burst: the slot starts at max(TAT, now); TAT moves to that plus ARGV[1]
   * microseconds (the interval taken, or a delay). Returns microseconds until the slot starts.
   * The key expires a second after its TAT, so an idle tenant leaves nothing behind.
   */
  static final String SCRIPT =
      "if redis.replicate_commands then redis.replicate_commands() end\n"
          + "local t = redis.call('TIME')\n"
          + "local now = tonumber(t[1]) * 1000000 + tonumber(t[2])\n"
          + "local tat = tonumber(redis.call('GET', KEYS[1]) or '0')\n"
          + "if tat < now then tat = now end\n"
          + "local next = tat + tonumber(ARGV[1])\n"
          + "redis.call('SET', KEYS[1], string.format('%.0f', next), 'PX',"
          + " string.format('%.0f', math.ceil((next - now) / 1000) + 1000))\n"
          + "return tat - now\n";

  private final RedisLimiter settings;
  private final String key;
  private final Map<String, String> env;
  private @Nullable Jedis jedis;
  private @Nullable String sha;

  /** The slots of {@code tenant} at {@code settings}; secrets are found through {@code env}. */
  RedisSlots(RedisLimiter settings, String tenant, Map<String, String> env) {
    this.settings = settings;
    this.key = KEY_PREFIX + tenant;
    this.env = env;
  }

  @Override
  public long reserve(long intervalNanos) throws Unavailable {
    return call(Math.max(1, intervalNanos / 1000)) * 1000;
  }

  @Override
  public void delay(long nanos) throws Unavailable {
    if (nanos > 0) {
      call(Math.max(1, nanos / 1000));
    }
  }

  private long call(long micros) throws Unavailable {
    if (jedis != null) {
      try {
        return callOnce(micros);
      } catch (Unavailable e) {
        // the connection kept from before may have broken since (a restarted server): once
        // more on a new one, which tells whether the server is away
      }
    }
    return callOnce(micros);
  }

  private long callOnce(long micros) throws Unavailable {
    try {
      Jedis j = connection();
      List<String> keys = List.of(key);
      List<String> args = List.of(Long.toString(micros));
      Object answer;
      try {
        answer = j.evalsha(sha, keys, args);
      } catch (JedisNoScriptException e) {
        sha = j.scriptLoad(SCRIPT); // the server restarted or flushed its scripts
        answer = j.evalsha(sha, keys, args);
      }
      return Math.max(0, (Long) answer);
    } catch (RuntimeException e) { // JedisException, or a secret that cannot be read
      drop();
      throw new Unavailable(settings + " did not answer: " + e.getMessage(), e);
    }
  }

  private Jedis connection() {
    if (jedis == null) {
      DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
          .connectionTimeoutMillis(TIMEOUT_MILLIS)
          .socketTimeoutMillis(TIMEOUT_MILLIS)
          .clientName("amperity-workflow-runs")
          .ssl(settings.tls);
      if (settings.authSecret != null) {
        config.password(Secrets.read(settings.secretStore, settings.authSecret, env));
      }
      if (settings.tls && settings.caSecret != null) {
        config.sslSocketFactory(trusting(Secrets.read(settings.secretStore, settings.caSecret, env)));
      }
      Jedis j = new Jedis(new HostAndPort(settings.host, settings.port), config.build());
      try {
        sha = j.scriptLoad(SCRIPT);
      } catch (RuntimeException e) {
        j.close();
        throw e;
      }
      jedis = j;
    }
    return jedis;
  }

  /** A socket factory trusting only the CA certificates in {@code pem}. */
  static SSLSocketFactory trusting(String pem) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
        store.setCertificateEntry("ca-" + i++, c);
      }
      if (i == 0) {
        throw new IllegalArgumentException("no certificate in the Redis server CA secret");
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, trust.getTrustManagers(), null);
      return tls.getSocketFactory();
    } catch (java.security.GeneralSecurityException | java.io.IOException e) {
      throw new IllegalArgumentException("the Redis server CA secret is not PEM certificates: "
          + e.getMessage(), e);
    }
  }

  private void drop() {
    if (jedis != null) {
      try {
        jedis.close();
      } catch (RuntimeException ignored) {
        // the connection is already broken: nothing to release
      }
      jedis = null;
    }
  }

  @Override
  public void close() {
    drop();
  }
}
