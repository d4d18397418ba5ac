package com.amperityworkflowruns.io;

/** Supplies the bearer token for each request; thread-safe. */
interface TokenProvider {
  /** The token to send now (refreshed first when it is about to expire). */
  String token();

  /**
   * Called after a 401 for a request sent with {@code rejected}; returns true when a new token was
   * obtained (or another thread already did), so that the request is worth one more try.
   */
  boolean refreshAfterUnauthorized(String rejected);

  /** A provider for a fixed token that cannot be refreshed. */
  static TokenProvider fixed(String token) {
    return new TokenProvider() {
      @Override
      public String token() {
        return token;
      }

      @Override
      public boolean refreshAfterUnauthorized(String rejected) {
        return false;
      }
    };
  }
}
