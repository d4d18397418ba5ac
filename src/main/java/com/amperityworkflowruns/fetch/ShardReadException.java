package com.amperityworkflowruns.fetch;

import com.amperityworkflowruns.api.ApiException;

/** A shard could not be read: names the shard and quotes the API's answer. */
public final class ShardReadException extends RuntimeException {
  public ShardReadException(Cursor cursor, ApiException cause) {
    super("reading " + cursor + " failed: " + cause.getMessage(), cause);
  }

  /** The classified API error behind this failure. */
  public ApiException apiError() {
    return (ApiException) getCause();
  }
}
