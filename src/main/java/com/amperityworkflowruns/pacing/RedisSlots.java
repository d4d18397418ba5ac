package com.amperityworkflowruns.pacing;

import com.amperityworkflowruns.gcp.Secrets;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.checkerframework.checker.nullness.qual.Nullable;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.params.ZAddParams;
import redis.clients.jedis.resps.Tuple;

/**
 * {@link TenantSlots} in Redis: per tenant, a sorted set of the times its recent sends count from
 * and the time of its last grant, in microseconds of the Redis server's clock, checked and updated
 * by one Lua script, so that the check and the grant are one atomic step whoever calls. Only the
 * server's clock is used: the callers' clocks may disagree, the answer is a wait relative to "now"
 * at the server.
 *
 * <p>One connection, opened on first use and again after a failure; not thread-safe (its {@link
 * SharedBudget} holds the lock). Calls are bounded by {@link #TIMEOUT_MILLIS}.
 */
public final class RedisSlots implements TenantSlots {
  /** Connect and read time-out: the dispatcher waits this long at most when Redis is away. */
  static final int TIMEOUT_MILLIS = 500;
  /** Prefix of every key this product writes; the tenant goes in braces (one cluster slot). */
  static final String KEY_PREFIX = "amperity-workflow-runs:budget:";

  /**
   * KEYS: the tenant's sends (score: when each counts), its last grant. ARGV: most sends in a
   * window, the window (with its margin), the least gap between grants, how much later than now
   * this send counts, a member name unique to this send (all in microseconds). Returns 0 when
   * granted, else the microseconds to wait. Both keys expire once nothing in them counts.
   */
  static final String SCRIPT =
      "if redis.replicate_commands then redis.replicate_commands() end\n"
          + "local t = redis.call('TIME')\n"
          + "local now = tonumber(t[1]) * 1000000 + tonumber(t[2])\n"
          + "local limit = tonumber(ARGV[1])\n"
          + "local span = tonumber(ARGV[2])\n"
          + "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('(%.0f', now - 2 * span))\n"
          + "local wait = 0\n"
          + "local n = redis.call('ZCOUNT', KEYS[1], string.format('(%.0f', now - span), '+inf')\n"
          + "if n >= limit then\n"
          + "  local e = redis.call('ZREVRANGE', KEYS[1], limit - 1, limit - 1, 'WITHSCORES')\n"
          + "  wait = tonumber(e[2]) + span - now\n"
          + "end\n"
          + "local last = tonumber(redis.call('GET', KEYS[2]) or '0')\n"
          + "if last + tonumber(ARGV[3]) - now > wait then wait = last + tonumber(ARGV[3]) - now end\n"
          + "if wait > 0 then return math.ceil(wait) end\n"
          + "local ttl = string.format('%.0f', math.ceil(2 * span / 1000) + 1000)\n"
          + "redis.call('ZADD', KEYS[1], string.format('%.0f', now + tonumber(ARGV[4])), ARGV[5])\n"
          + "redis.call('PEXPIRE', KEYS[1], ttl)\n"
          + "redis.call('SET', KEYS[2], string.format('%.0f', now), 'PX', ttl)\n"
          + "return 0\n";

  private final RedisLimiter settings;
  private final List<String> keys;
  /** The tenant's shared cut: "rate ceiling at", {@code at} in microseconds of the server. */
  private final List<String> paceKey;
  private final Map<String, String> env;
  private final String sender = java.util.UUID.randomUUID().toString();
  private @Nullable Jedis jedis;
  private @Nullable String sha;

  /** The sends of {@code tenant} at {@code settings}; secrets are found through {@code env}. */
  public RedisSlots(RedisLimiter settings, String tenant, Map<String, String> env) {
    this.settings = settings;
    String base = KEY_PREFIX + "{" + tenant + "}";
    this.keys = List.of(base + ":sends", base + ":last");
    this.paceKey = List.of(base + ":pace");
    this.env = env;
  }

  @Override
  public long tryTake(long send, int perWindow, long windowNanos, long gapNanos, long laterNanos)
      throws Unavailable {
    List<String> args = List.of(Integer.toString(perWindow), Long.toString(windowNanos / 1000),
        Long.toString(gapNanos / 1000), Long.toString(Math.max(0, laterNanos) / 1000),
        member(send));
    return call(j -> {
      Object answer;
      try {
        answer = j.evalsha(sha, keys, args);
      } catch (JedisNoScriptException e) {
        sha = j.scriptLoad(SCRIPT); // the server restarted or flushed its scripts
        answer = j.evalsha(sha, keys, args);
      }
      return Math.max(0, (Long) answer) * 1000;
    });
  }

  @Override
  public void countLater(long send, long byNanos) throws Unavailable {
    if (byNanos > 0) {
      // XX: a send that no longer counts (trimmed, or the key expired) is not added back
      call(j -> {
        j.zaddIncr(keys.get(0), byNanos / 1000, member(send), ZAddParams.zAddParams().xx());
        return 0L;
      });
    }
  }

  @Override
  public void connect() {
    try {
      connection();
    } catch (RuntimeException e) {
      drop(); // the first take tries again and reports it
    }
  }

  @Override
  public long spanBefore(long send, int count) throws Unavailable {
    return call(j -> {
      Double at = j.zscore(keys.get(0), member(send));
      if (at == null) {
        return -1L;
      }
      List<Tuple> before = j.zrevrangeByScoreWithScores(keys.get(0),
          "(" + String.format("%.0f", at), "-inf", count - 1, 1);
      return before.isEmpty() ? -1L : (long) (at - before.get(0).getScore()) * 1000;
    });
  }

  /** Stores the cut with the server's time; ARGV: rate, ceiling, keep (ms). */
  static final String SHARE_PACE =
      "if redis.replicate_commands then redis.replicate_commands() end\n"
          + "local t = redis.call('TIME')\n"
          + "redis.call('SET', KEYS[1], ARGV[1] .. ' ' .. ARGV[2] .. ' ' .. t[1] .. string.format('%06d', tonumber(t[2])), 'PX', ARGV[3])\n"
          + "return 0\n";

  /** The cut and the server's time now (microseconds), or nil. */
  static final String READ_PACE =
      "local v = redis.call('GET', KEYS[1])\n"
          + "if not v then return false end\n"
          + "local t = redis.call('TIME')\n"
          + "return v .. ' ' .. t[1] .. string.format('%06d', tonumber(t[2]))\n";

  @Override
  public void sharePace(double rate, double ceiling, long keepNanos) throws Unavailable {
    List<String> args = List.of(Double.toString(rate), Double.toString(ceiling),
        Long.toString(Math.max(1, keepNanos / 1_000_000)));
    call(j -> {
      j.eval(SHARE_PACE, paceKey, args);
      return 0L;
    });
  }

  @Override
  public @Nullable Pace pace() throws Unavailable {
    if (!(call(j -> j.eval(READ_PACE, paceKey, List.of())) instanceof String s)) {
      return null;
    }
    String[] f = s.trim().split(" ");
    long age = Long.parseLong(f[3]) - Long.parseLong(f[2]);
    return new Pace(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Math.max(0, age) * 1000);
  }

  /** The name of this caller's send {@code send} in the tenant's sorted set. */
  private String member(long send) {
    return sender + ":" + send;
  }

  private <T> T call(Function<Jedis, T> command) throws Unavailable {
    if (jedis != null) {
      try {
        return callOnce(command);
      } catch (Unavailable e) {
        // the connection kept from before may have broken since (a restarted server): once
        // more on a new one, which tells whether the server is away
      }
    }
    return callOnce(command);
  }

  private <T> T callOnce(Function<Jedis, T> command) throws Unavailable {
    try {
      return command.apply(connection());
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
