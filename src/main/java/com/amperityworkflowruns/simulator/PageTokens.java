package com.amperityworkflowruns.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Opaque {@code next_token}s: base64url of {@code v1.<filter hash>.<offset>.<check>}, bound to
 * the filter that produced them and checked, so that tampered, empty or foreign tokens are refused.
 */
final class PageTokens {
  private final String secret;

  PageTokens(SimulatorConfig config) {
    this.secret = "sim:" + config.seed() + ":" + config.tenant();
  }

  /** Returns the token of the page starting at {@code offset} of the filter. */
  String encode(String filterSignature, int offset) {
    String filter = hash(filterSignature, 16);
    String payload = "v1." + filter + "." + offset + "." + hash(secret + filter + offset, 12);
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(payload.getBytes(StandardCharsets.US_ASCII));
  }

  /** Returns the offset a token points at, or throws 400 "invalid next_token". */
  int decode(String token, String filterSignature) throws ApiError {
    if (token == null || token.isEmpty()) {
      throw ApiError.invalidNextToken();
    }
    String payload;
    try {
      payload = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException e) {
      throw ApiError.invalidNextToken();
    }
    String[] parts = payload.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals("v1")) {
      throw ApiError.invalidNextToken();
    }
    String filter = hash(filterSignature, 16);
    if (!parts[1].equals(filter) || !parts[3].equals(hash(secret + filter + parts[2], 12))) {
      throw ApiError.invalidNextToken();
    }
    try {
      int offset = Integer.parseInt(parts[2]);
      if (offset < 0) {
        throw ApiError.invalidNextToken();
      }
      return offset;
    } catch (NumberFormatException e) {
      throw ApiError.invalidNextToken();
    }
  }

  private static String hash(String s, int hexChars) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      StringBuilder b = new StringBuilder(hexChars);
      for (int i = 0; b.length() < hexChars; i++) {
        b.append(Character.forDigit((d[i] >> 4) & 0xf, 16)).append(Character.forDigit(d[i] & 0xf, 16));
      }
      return b.substring(0, hexChars);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }
}
