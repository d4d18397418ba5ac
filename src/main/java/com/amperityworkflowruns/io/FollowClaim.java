package com.amperityworkflowruns.io;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A position the stream reader claims: one page of the poll window {@code [from, windowEnd)}
 * read at {@code token} (its last page moves the range's start to {@code windowEnd}), or a restart
 * of that window from its first page after the API refused a cursor.
 */
final class FollowClaim {
  final long fromMillis;
  final long windowEndMillis;
  final @Nullable String token;
  final @Nullable String nextToken;
  final boolean restart;

  private FollowClaim(
      long fromMillis,
      long windowEndMillis,
      @Nullable String token,
      @Nullable String nextToken,
      boolean restart) {
    this.fromMillis = fromMillis;
    this.windowEndMillis = windowEndMillis;
    this.token = token;
    this.nextToken = nextToken;
    this.restart = restart;
  }

  /** The page at {@code token} of the window was read; {@code nextToken} null: it was the last. */
  static FollowClaim page(
      long fromMillis, long windowEndMillis, @Nullable String token, @Nullable String nextToken) {
    return new FollowClaim(fromMillis, windowEndMillis, token, nextToken, false);
  }

  /** The window is read again from its first page. */
  static FollowClaim restart(long fromMillis, long windowEndMillis, @Nullable String token) {
    return new FollowClaim(fromMillis, windowEndMillis, token, null, true);
  }

  /** The range after this claim. */
  FollowRange apply(FollowRange r) {
    if (restart) {
      return new FollowRange(r.fromMillis, r.toMillis, windowEndMillis, null, 0, r.restarts + 1);
    }
    if (nextToken == null) {
      return new FollowRange(windowEndMillis, r.toMillis, null, null, 0, 0);
    }
    return new FollowRange(
        r.fromMillis, r.toMillis, windowEndMillis, nextToken, r.pagesRead + 1, r.restarts);
  }

  @Override
  public String toString() {
    return (restart ? "restart " : "page ") + fromMillis + ".." + windowEndMillis + " at " + token;
  }
}
