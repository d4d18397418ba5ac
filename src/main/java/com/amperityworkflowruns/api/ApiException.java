package com.amperityworkflowruns.api;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A failed call to the runs API, classified where it arose.
 *
 * <p>Retryability is a property of the {@link Kind}: 429, 5xx, time-outs and dropped connections
 * are retried with back-off; everything else fails the job with the status, message and request id
 * quoted. Messages never contain credentials.
 */
public class ApiException extends RuntimeException {
  /** What went wrong, which decides whether the call is retried. */
  public enum Kind {
    RATE_LIMITED(true),
    SERVER_ERROR(true),
    CONNECTION(true),
    TIMEOUT(true),
    UNAUTHORIZED(false),
    FORBIDDEN(false),
    NOT_FOUND(false),
    INVALID_TOKEN(false),
    BAD_REQUEST(false),
    MALFORMED_RESPONSE(false);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }

    /** True when a later attempt of the same request may succeed. */
    public boolean retryable() {
      return retryable;
    }
  }

  private final Kind kind;
  private final int status;
  private final @Nullable String requestId;
  private final long retryAfterMillis;
  /** For a 401: the generation of the token the request carried (see {@link TokenProvider}). */
  int tokenGeneration = -1;

  public ApiException(
      Kind kind,
      int status,
      String message,
      @Nullable String requestId,
      long retryAfterMillis,
      @Nullable Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
    this.requestId = requestId;
    this.retryAfterMillis = retryAfterMillis;
  }

  public static ApiException transport(Kind kind, String message, Throwable cause) {
    return new ApiException(kind, 0, message, null, -1, cause);
  }

  /** The classification. */
  public Kind kind() {
    return kind;
  }

  /** The HTTP status, or 0 when no response arrived. */
  public int status() {
    return status;
  }

  /** The API's request id when the error body carried one. */
  public @Nullable String requestId() {
    return requestId;
  }

  /** The server's Retry-After in milliseconds, or -1 when absent. */
  public long retryAfterMillis() {
    return retryAfterMillis;
  }

  /** True when the same request may succeed later. */
  public boolean isRetryable() {
    return kind.retryable();
  }
}
