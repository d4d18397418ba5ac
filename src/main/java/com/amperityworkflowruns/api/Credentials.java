package com.amperityworkflowruns.api;

import com.amperityworkflowruns.gcp.SecretAccessException;
import com.amperityworkflowruns.gcp.SecretManagerStore;
import com.amperityworkflowruns.gcp.SecretName;
import com.amperityworkflowruns.gcp.SecretStore;
import com.amperityworkflowruns.gcp.Secrets;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where the job finds its secret: a token in a file, in the {@code AMPERITY_TOKEN} variable or in
 * Secret Manager, or OAuth client credentials with the secret in a file, in {@code
 * AMPERITY_CLIENT_SECRET} or in Secret Manager.
 *
 * <p>Only locations are serialized with the pipeline, never a secret: the secret is read where the
 * reader runs, in {@code @Setup}. A Secret Manager secret is read once per JVM ({@link Secrets})
 * and read again when the service refuses the value held.
 */
public final class Credentials implements Serializable {
  /** Environment variable holding a bearer token. */
  public static final String TOKEN_ENV = "AMPERITY_TOKEN";
  /** Environment variable holding an OAuth client secret. */
  public static final String CLIENT_SECRET_ENV = "AMPERITY_CLIENT_SECRET";

  final @Nullable String tokenFile;
  final @Nullable String clientId;
  final @Nullable String clientSecretFile;
  final @Nullable String tokenUrl;
  /** The Secret Manager version holding the token, or the client secret when OAuth. */
  final @Nullable SecretName secretName;
  final SecretStore.Factory secretStore;

  private Credentials(
      @Nullable String tokenFile,
      @Nullable String clientId,
      @Nullable String clientSecretFile,
      @Nullable String tokenUrl,
      @Nullable SecretName secretName,
      SecretStore.Factory secretStore) {
    this.tokenFile = tokenFile;
    this.clientId = clientId;
    this.clientSecretFile = clientSecretFile;
    this.tokenUrl = tokenUrl;
    this.secretName = secretName;
    this.secretStore = secretStore;
  }

  /** A bearer token read from a file. */
  public static Credentials tokenFile(String path) {
    return new Credentials(path, null, null, null, null, SecretManagerStore.factory());
  }

  /** A bearer token read from {@code AMPERITY_TOKEN}. */
  public static Credentials tokenFromEnvironment() {
    return new Credentials(null, null, null, null, null, SecretManagerStore.factory());
  }

  /** A bearer token read from a Secret Manager version. */
  public static Credentials tokenFromSecretManager(SecretName name) {
    return new Credentials(null, null, null, null, name, SecretManagerStore.factory());
  }

  /**
   * OAuth client credentials; the secret comes from {@code secretFile}, or from {@code
   * AMPERITY_CLIENT_SECRET} when it is null.
   */
  public static Credentials clientCredentials(
      String clientId, @Nullable String secretFile, String tokenUrl) {
    return new Credentials(
        null, clientId, secretFile, tokenUrl, null, SecretManagerStore.factory());
  }

  /** OAuth client credentials with the secret in a Secret Manager version. */
  public static Credentials clientCredentialsFromSecretManager(
      String clientId, SecretName secretName, String tokenUrl) {
    return new Credentials(
        null, clientId, null, tokenUrl, secretName, SecretManagerStore.factory());
  }

  /** The same credentials with secrets read from {@code store} (tests use an in-memory one). */
  public Credentials withSecretStore(SecretStore.Factory store) {
    return new Credentials(tokenFile, clientId, clientSecretFile, tokenUrl, secretName, store);
  }

  /** Where secrets named by options are read (Secret Manager unless a test set another). */
  public SecretStore.Factory secretStore() {
    return secretStore;
  }

  boolean isOAuth() {
    return clientId != null;
  }

  /**
   * Checks that the secret can be read, without keeping it.
   *
   * @throws IllegalArgumentException with the fix when it cannot
   */
  public void validate(Map<String, String> env) {
    readSecret(env);
  }

  /**
   * Reads the token (or the client secret for OAuth).
   *
   * @throws IllegalArgumentException naming the option and the fix when it cannot
   */
  String readSecret(Map<String, String> env) {
    if (secretName != null) {
      try {
        return Secrets.read(secretStore, secretName, env);
      } catch (SecretAccessException e) {
        throw new IllegalArgumentException(secretOption() + ": " + e.getMessage(), e);
      }
    }
    if (isOAuth()) {
      return clientSecretFile != null
          ? readFile(clientSecretFile, "--clientSecretFile")
          : readEnv(env, CLIENT_SECRET_ENV, "--clientSecretFile=PATH");
    }
    return tokenFile != null
        ? readFile(tokenFile, "--tokenFile")
        : readEnv(env, TOKEN_ENV, "--tokenFile=PATH or --clientId with --clientSecretFile");
  }

  /**
   * After the service refused {@code rejected}: the secret read again, or null when it cannot have
   * changed (it came from a file or the environment, read once) or did not.
   *
   * @throws IllegalArgumentException when it cannot be read
   */
  @Nullable
  String rereadSecret(Map<String, String> env, String rejected) {
    if (secretName == null) {
      return null;
    }
    try {
      return Secrets.reread(secretStore, secretName, env, rejected);
    } catch (SecretAccessException e) {
      throw new IllegalArgumentException(secretOption() + ": " + e.getMessage(), e);
    }
  }

  private String secretOption() {
    return isOAuth() ? "--clientSecretName" : "--tokenSecretName";
  }

  private static String readEnv(Map<String, String> env, String name, String alternative) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(
          "no credentials: set " + name + " or pass " + alternative);
    }
    return v.trim();
  }

  private static String readFile(String file, String option) {
    try {
      String v = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
      if (v.isEmpty()) {
        throw new IllegalArgumentException(option + " " + file + " is empty");
      }
      return v;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read " + option + " " + file + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  @Override
  public String toString() {
    if (isOAuth()) {
      return "OAuth client " + clientId + " via " + tokenUrl
          + (secretName != null ? ", secret " + secretName : "");
    }
    if (secretName != null) {
      return "token in secret " + secretName;
    }
    return tokenFile != null ? "token file " + tokenFile : "token from $" + TOKEN_ENV;
  }
}
