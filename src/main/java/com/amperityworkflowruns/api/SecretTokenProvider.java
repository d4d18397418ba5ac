package com.amperityworkflowruns.api;

import com.amperityworkflowruns.gcp.SecretAccessException;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A bearer token kept in Secret Manager: read once per JVM, and read again after a 401 in case it
 * was rotated. A 401 with the token the store still holds is final (retrying it cannot help).
 */
final class SecretTokenProvider implements TokenProvider {
  /** The token read again after a refusal, or null when it did not change. */
  private final UnaryOperator<String> reread;

  private String token;
  private int generation;

  SecretTokenProvider(String token, UnaryOperator<String> reread) {
    this.token = token;
    this.reread = reread;
  }

  @Override
  public synchronized String token() {
    return token;
  }

  @Override
  public synchronized int generation() {
    return generation;
  }

  @Override
  public synchronized boolean refreshAfterUnauthorized(int rejected) {
    if (generation != rejected) {
      return true; // another request already read the new token
    }
    String fresh = reread.apply(token);
    if (fresh == null) {
      return false;
    }
    token = fresh;
    generation++;
    return true;
  }

  /**
   * {@link Credentials#rereadSecret} with its failure classified for the fetcher: a store that did
   * not answer is retryable, a refusal is not.
   */
  static @Nullable String reread(
      Credentials credentials, Map<String, String> env, String rejected) {
    try {
      return credentials.rereadSecret(env, rejected);
    } catch (IllegalArgumentException e) {
      boolean transientFailure =
          e.getCause() instanceof SecretAccessException
              && ((SecretAccessException) e.getCause()).reason().isTransient();
      throw new ApiException(
          transientFailure ? ApiException.Kind.CONNECTION : ApiException.Kind.UNAUTHORIZED,
          0,
          e.getMessage(),
          null,
          -1,
          e);
    }
  }
}
