package com.amperityworkflowruns.api;

/** Supplies the bearer token for each request; thread-safe. */
interface TokenProvider {
  /** The token to send now (refreshed first when it is about to expire). */
  String token();

  /** Counts the tokens handed out so far; identifies the token a request carried. */
  int generation();

  /**
   * Called after a 401 for a request sent with the token of generation {@code rejected}; returns
   * true when a new token was obtained (or another thread already did), so that the request is
   * worth one more try.
   */
  boolean refreshAfterUnauthorized(int rejected);

  /** A provider for a fixed token that cannot be refreshed. */
  static TokenProvider fixed(String token) {
    return new TokenProvider() {
      @Override
      public String token() {
        return token;
      }

      @Override
      public int generation() {
        return 0;
      }

      @Override
      public boolean refreshAfterUnauthorized(int rejected) {
        return false;
      }
    };
  }
}
