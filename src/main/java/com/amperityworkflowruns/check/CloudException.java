package com.amperityworkflowruns.check;

/** A failed call to Google Cloud, classified where it arose. */
public final class CloudException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    NO_CREDENTIALS,
    NOT_FOUND,
    PERMISSION_DENIED,
    UNREACHABLE,
    FAILED
  }

  private final Kind kind;

  public CloudException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public CloudException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** The classification. */
  public Kind kind() {
    return kind;
  }
}
