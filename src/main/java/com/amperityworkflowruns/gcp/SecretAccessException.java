package com.amperityworkflowruns.gcp;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A secret that could not be read, classified where it arose, with a one-line message naming the
 * secret, what went wrong and the fix. The message never holds a secret's value.
 */
public final class SecretAccessException extends RuntimeException {
  /** Why the secret could not be read. */
  public enum Reason {
    /** This machine has no Google credentials, or they were refused. */
    NO_CREDENTIALS(false),
    /** The caller may not access the secret. */
    PERMISSION_DENIED(false),
    /** No such project, secret or version. */
    NOT_FOUND(false),
    /** The version exists but is disabled or destroyed. */
    DISABLED(false),
    /** Secret Manager did not answer in time (no network, an outage). */
    UNAVAILABLE(true);

    private final boolean transientFailure;

    Reason(boolean transientFailure) {
      this.transientFailure = transientFailure;
    }

    /** True when the same read may succeed later. */
    public boolean isTransient() {
      return transientFailure;
    }
  }

  private final Reason reason;

  /** A failure to read {@code name}; {@code detail} says what happened and the fix. */
  public SecretAccessException(
      Reason reason, SecretName name, String detail, @Nullable Throwable cause) {
    super("cannot read secret " + name + ": " + detail, cause);
    this.reason = reason;
  }

  /** Why the read failed. */
  public Reason reason() {
    return reason;
  }

  /** The usual message and fix for {@code reason}. */
  public static SecretAccessException of(
      Reason reason, SecretName name, @Nullable Throwable cause) {
    return new SecretAccessException(reason, name, fix(reason, name), cause);
  }

  private static String fix(Reason reason, SecretName name) {
    switch (reason) {
      case NO_CREDENTIALS:
        return "no Google credentials here (" + GoogleAuth.HOW_TO + ")";
      case PERMISSION_DENIED:
        return "permission denied: grant roles/secretmanager.secretAccessor on secret "
            + name.secret() + " to the account the job runs as";
      case NOT_FOUND:
        return "not found: check the project and secret id, or create it with `gcloud secrets"
            + " create " + name.secret() + "` and add a version";
      case DISABLED:
        return "version " + name.version() + " is disabled or destroyed: enable it or name"
            + " another version";
      case UNAVAILABLE:
      default:
        return "Secret Manager did not answer in time: check the network and retry";
    }
  }
}
