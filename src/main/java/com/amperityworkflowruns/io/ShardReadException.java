package com.amperityworkflowruns.io;

/** A shard could not be read: names the shard and quotes the API's answer. */
public final class ShardReadException extends RuntimeException {
  ShardReadException(Cursor cursor, ApiException cause) {
    super("reading " + cursor + " failed: " + cause.getMessage(), cause);
  }

  /** The classified API error behind this failure. */
  public ApiException apiError() {
    return (ApiException) getCause();
  }
}
