package com.amperityworkflowruns.simulator;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Issued OAuth access tokens and their expiry in real elapsed time (a nanosecond ticker), plus the
 * configured never-expiring static token.
 */
final class AccessTokens {
  /** Result of checking a bearer token. */
  enum Check {
    VALID,
    UNKNOWN,
    EXPIRED
  }

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private final SimulatorConfig config;
  private final LongSupplier ticker;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Long> expiryNanos = new ConcurrentHashMap<>();

  AccessTokens(SimulatorConfig config, LongSupplier ticker) {
    this.config = config;
    this.ticker = ticker;
  }

  /** Issues a new random JWT-shaped token valid for {@code tokenTtlSeconds}. */
  String issue() {
    byte[] jti = new byte[16];
    byte[] signature = new byte[32];
    random.nextBytes(jti);
    random.nextBytes(signature);
    String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    String claims = "{\"sub\":\"" + config.clientId() + "\",\"tenant\":\"" + config.tenant()
        + "\",\"jti\":\"" + B64.encodeToString(jti) + "\"}";
    String token = b64(header) + "." + b64(claims) + "." + B64.encodeToString(signature);
    expiryNanos.put(token, ticker.getAsLong() + config.tokenTtlSeconds() * 1_000_000_000L);
    return token;
  }

  Check check(String token) {
    if (config.staticToken() != null && config.staticToken().equals(token)) {
      return Check.VALID;
    }
    Long expiry = expiryNanos.get(token);
    if (expiry == null) {
      return Check.UNKNOWN;
    }
    return ticker.getAsLong() - expiry < 0 ? Check.VALID : Check.EXPIRED;
  }

  private static String b64(String s) {
    return B64.encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
