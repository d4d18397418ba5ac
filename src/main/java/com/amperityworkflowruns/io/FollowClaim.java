package com.amperityworkflowruns.io;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A position the stream reader claims: the choice of the next poll window {@code [from,
 * windowEnd)} (so that its end stays fixed while its pages are read, across calls and
 * checkpoints, although "now" moves on), one page of that window read at {@code token} (its last
 * page moves the range's start to {@code windowEnd}), or a restart of the window from its first
 * page after the API refused a cursor.
 */
final class FollowClaim {
  final long fromMillis;
  final long windowEndMillis;
  final @Nullable String token;
  final @Nullable String nextToken;
  final boolean restart;
  final boolean opening;

  private FollowClaim(
      long fromMillis,
      long windowEndMillis,
      @Nullable String token,
      @Nullable String nextToken,
      boolean restart,
      boolean opening) {
    this.fromMillis = fromMillis;
    this.windowEndMillis = windowEndMillis;
    this.token = token;
    this.nextToken = nextToken;
    this.restart = restart;
    this.opening = opening;
  }

  /** The next poll window is {@code [fromMillis, windowEndMillis)}. */
  static FollowClaim open(long fromMillis, long windowEndMillis) {
    return new FollowClaim(fromMillis, windowEndMillis, null, null, false, true);
  }

  /** The page at {@code token} of the window was read; {@code nextToken} null: it was the last. */
  static FollowClaim page(
      long fromMillis, long windowEndMillis, @Nullable String token, @Nullable String nextToken) {
    return new FollowClaim(fromMillis, windowEndMillis, token, nextToken, false, false);
  }

  /** The window is read again from its first page. */
  static FollowClaim restart(long fromMillis, long windowEndMillis, @Nullable String token) {
    return new FollowClaim(fromMillis, windowEndMillis, token, null, true, false);
  }

  /** The range after this claim. */
  FollowRange apply(FollowRange r) {
    if (opening) {
      return new FollowRange(r.fromMillis, r.toMillis, windowEndMillis, null, 0, r.restarts);
    }
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
    return (opening ? "open " : restart ? "restart " : "page ") + fromMillis + ".." + windowEndMillis + " at " + token;
  }
}
