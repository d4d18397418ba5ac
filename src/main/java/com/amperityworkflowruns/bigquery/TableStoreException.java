package com.amperityworkflowruns.bigquery;

import java.io.IOException;

/** A failed table operation, classified where it arose. */
public final class TableStoreException extends IOException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, so that callers can name the fix. */
  public enum Kind {
    /** No Google credentials were found on this machine. */
    NO_CREDENTIALS,
    /** The dataset or table does not exist. */
    NOT_FOUND,
    /** The caller's credentials may not do this (HTTP 401, or 403 {@code accessDenied}). */
    PERMISSION_DENIED,
    /**
     * A BigQuery quota or rate limit was reached (HTTP 403 {@code quotaExceeded}, or {@code
     * rateLimitExceeded} after the retries): a grant does not help, waiting or a higher quota does.
     */
    QUOTA_EXCEEDED,
    /** No answer, or only retryable errors, within the retry budget; or no credentials. */
    UNREACHABLE,
    /** The table to create exists already. */
    ALREADY_EXISTS,
    /** Anything else the service refused (e.g. a failed query job). */
    FAILED
  }

  private final Kind kind;

  public TableStoreException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public TableStoreException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
