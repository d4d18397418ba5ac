package com.amperityworkflowruns.gcp;

import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.auth.Credentials;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretManagerServiceSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@link SecretStore} on Google Secret Manager ({@link SecretManagerServiceClient}), with the
 * caller's Application Default Credentials: the user's on a laptop, the job's service account on
 * Dataflow.
 *
 * <p>Bounded: no credentials fails at once, without a request ({@link GoogleAuth}); a read is
 * retried by the client for at most {@link #DEADLINE} and abandoned after a little more. Why this
 * and not Beam's {@code GcpSecret}: see docs/decisions.md.
 */
public final class SecretManagerStore implements SecretStore {
  /** Longest a read may take, retries included. */
  static final Duration DEADLINE = Duration.ofSeconds(20);

  private final Map<String, String> env;
  private @Nullable SecretManagerServiceClient client;

  private SecretManagerStore(Map<String, String> env) {
    this.env = env;
  }

  /** The factory of the production store. */
  public static SecretStore.Factory factory() {
    return new RealFactory();
  }

  private static final class RealFactory implements SecretStore.Factory {
    @Override
    public SecretStore open(Map<String, String> env) {
      return new SecretManagerStore(env);
    }

    // One cache entry per secret and JVM whichever instance of this factory asks.
    @Override
    public boolean equals(Object o) {
      return o instanceof RealFactory;
    }

    @Override
    public int hashCode() {
      return RealFactory.class.hashCode();
    }

    @Override
    public String toString() {
      return "Secret Manager";
    }
  }

  @Override
  public byte[] access(SecretName name) {
    if (GoogleAuth.source(env).isEmpty()) {
      throw SecretAccessException.of(SecretAccessException.Reason.NO_CREDENTIALS, name, null);
    }
    return Deadlines.call(
        () -> read(name),
        DEADLINE.plusSeconds(10),
        () -> SecretAccessException.of(SecretAccessException.Reason.UNAVAILABLE, name, null));
  }

  private byte[] read(SecretName name) {
    try {
      return client(name).accessSecretVersion(name.toString()).getPayload().getData().toByteArray();
    } catch (ApiException e) {
      throw classify(e.getStatusCode().getCode(), name, e);
    }
  }

  private synchronized SecretManagerServiceClient client(SecretName name) {
    if (client == null) {
      Credentials credentials;
      try {
        // Application Default Credentials with Secret Manager's scopes, loaded once here so
        // that a failure is classified rather than surfacing inside the first call.
        credentials =
            SecretManagerServiceSettings.defaultCredentialsProviderBuilder()
                .build()
                .getCredentials();
      } catch (IOException e) {
        throw new SecretAccessException(
            SecretAccessException.Reason.NO_CREDENTIALS,
            name,
            "Google credentials could not be loaded (" + firstLine(e.getMessage()) + "); "
                + GoogleAuth.HOW_TO,
            e);
      }
      try {
        SecretManagerServiceSettings.Builder settings =
            SecretManagerServiceSettings.newBuilder()
                .setCredentialsProvider(FixedCredentialsProvider.create(credentials));
        RetrySettings retry =
            settings.accessSecretVersionSettings().getRetrySettings().toBuilder()
                .setInitialRpcTimeoutDuration(DEADLINE.dividedBy(2))
                .setMaxRpcTimeoutDuration(DEADLINE.dividedBy(2))
                .setTotalTimeoutDuration(DEADLINE)
                .build();
        settings.accessSecretVersionSettings().setRetrySettings(retry);
        client = SecretManagerServiceClient.create(settings.build());
      } catch (IOException e) {
        throw SecretAccessException.of(SecretAccessException.Reason.UNAVAILABLE, name, e);
      }
    }
    return client;
  }

  /** The reason for a Secret Manager status code. */
  static SecretAccessException classify(
      StatusCode.Code code, SecretName name, @Nullable Throwable cause) {
    SecretAccessException.Reason reason;
    switch (code) {
      case NOT_FOUND:
      case INVALID_ARGUMENT:
        reason = SecretAccessException.Reason.NOT_FOUND;
        break;
      case PERMISSION_DENIED:
        reason = SecretAccessException.Reason.PERMISSION_DENIED;
        break;
      case UNAUTHENTICATED:
        reason = SecretAccessException.Reason.NO_CREDENTIALS;
        break;
      case FAILED_PRECONDITION:
        reason = SecretAccessException.Reason.DISABLED;
        break;
      default:
        reason = SecretAccessException.Reason.UNAVAILABLE;
    }
    SecretAccessException base = SecretAccessException.of(reason, name, cause);
    String detail = base.getMessage().substring(("cannot read secret " + name + ": ").length());
    return new SecretAccessException(reason, name, detail + " (" + code + ")", cause);
  }

  private static String firstLine(@Nullable String s) {
    return s == null ? "no detail" : s.split("\\R", 2)[0];
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
  }
}
