package com.amperityworkflowruns.gcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.http.HttpResponseException;
import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
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
 * and not Beam's {@code GcpSecret}: see docs/decisions.md. The secret-store contract runs against
 * this class through a loopback stand-in of Secret Manager's REST API ({@link #overRestAt}).
 */
public final class SecretManagerStore implements SecretStore {
  /** Longest a read may take, retries included. */
  static final Duration DEADLINE = Duration.ofSeconds(20);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> env;
  private final Endpoint endpoint;
  private @Nullable SecretManagerServiceClient client;

  private SecretManagerStore(Map<String, String> env, Endpoint endpoint) {
    this.env = env;
    this.endpoint = endpoint;
  }

  /** The factory of the production store. */
  public static SecretStore.Factory factory() {
    return new Endpoint(null, DEADLINE);
  }

  /**
   * A factory of stores that call Secret Manager's REST API at {@code restEndpoint} (a loopback
   * stand-in in tests) without sending credentials, each read bounded by {@code deadline}. Every
   * other step is the production store's: the credential check of the environment, the retry
   * settings, the classification of errors.
   */
  static SecretStore.Factory overRestAt(String restEndpoint, Duration deadline) {
    return new Endpoint(restEndpoint, deadline);
  }

  /**
   * Where the stores of a factory read: Google's endpoint over gRPC with Application Default
   * Credentials ({@code restEndpoint} null), or a REST endpoint without credentials. Factories of
   * the same endpoint are equal, so one JVM caches a secret once whichever instance asks.
   */
  private static final class Endpoint implements SecretStore.Factory {
    private static final long serialVersionUID = 1L;
    private final @Nullable String restEndpoint;
    private final Duration deadline;

    Endpoint(@Nullable String restEndpoint, Duration deadline) {
      this.restEndpoint = restEndpoint;
      this.deadline = deadline;
    }

    @Override
    public SecretStore open(Map<String, String> env) {
      return new SecretManagerStore(env, this);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Endpoint e && java.util.Objects.equals(restEndpoint, e.restEndpoint)
          && deadline.equals(e.deadline);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(restEndpoint, deadline);
    }

    @Override
    public String toString() {
      return restEndpoint == null ? "Secret Manager" : "Secret Manager at " + restEndpoint;
    }
  }

  @Override
  public byte[] access(SecretName name) {
    if (GoogleAuth.source(env).isEmpty()) {
      throw SecretAccessException.of(SecretAccessException.Reason.NO_CREDENTIALS, name, null);
    }
    return Deadlines.call(
        () -> read(name),
        endpoint.deadline.plusSeconds(10),
        () -> SecretAccessException.of(SecretAccessException.Reason.UNAVAILABLE, name, null));
  }

  private byte[] read(SecretName name) {
    try {
      return client(name).accessSecretVersion(name.toString()).getPayload().getData().toByteArray();
    } catch (ApiException e) {
      throw classify(code(e), name, e);
    }
  }

  /**
   * The status of a failed call. Over REST the client library derives it from the HTTP status
   * alone (400 is INVALID_ARGUMENT), while the error body names the status Secret Manager means
   * (a disabled version: 400 with {@code "status": "FAILED_PRECONDITION"}); that one counts.
   */
  static StatusCode.Code code(ApiException e) {
    if (e.getCause() instanceof HttpResponseException http && http.getContent() != null) {
      try {
        String status = JSON.readTree(http.getContent()).path("error").path("status").asText("");
        for (StatusCode.Code code : StatusCode.Code.values()) {
          if (code.name().equals(status)) {
            return code;
          }
        }
      } catch (IOException notJson) {
        // no error body to read: the library's code stands
      }
    }
    return e.getStatusCode().getCode();
  }

  private synchronized SecretManagerServiceClient client(SecretName name) {
    if (client == null) {
      SecretManagerServiceSettings.Builder settings;
      if (endpoint.restEndpoint == null) {
        settings = SecretManagerServiceSettings.newBuilder()
            .setCredentialsProvider(FixedCredentialsProvider.create(credentials(name)));
      } else {
        settings = SecretManagerServiceSettings.newHttpJsonBuilder()
            .setEndpoint(endpoint.restEndpoint)
            .setCredentialsProvider(NoCredentialsProvider.create());
      }
      Duration deadline = endpoint.deadline;
      try {
        RetrySettings retry =
            settings.accessSecretVersionSettings().getRetrySettings().toBuilder()
                .setInitialRpcTimeoutDuration(deadline.dividedBy(2))
                .setMaxRpcTimeoutDuration(deadline.dividedBy(2))
                .setTotalTimeoutDuration(deadline)
                .build();
        settings.accessSecretVersionSettings().setRetrySettings(retry);
        client = SecretManagerServiceClient.create(settings.build());
      } catch (IOException e) {
        throw SecretAccessException.of(SecretAccessException.Reason.UNAVAILABLE, name, e);
      }
    }
    return client;
  }

  /**
   * Application Default Credentials with Secret Manager's scopes, loaded once here so that a
   * failure is classified rather than surfacing inside the first call.
   */
  private static Credentials credentials(SecretName name) {
    try {
      return SecretManagerServiceSettings.defaultCredentialsProviderBuilder().build()
          .getCredentials();
    } catch (IOException e) {
      throw new SecretAccessException(
          SecretAccessException.Reason.NO_CREDENTIALS,
          name,
          "Google credentials could not be loaded (" + firstLine(e.getMessage()) + "); "
              + GoogleAuth.HOW_TO,
          e);
    }
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
