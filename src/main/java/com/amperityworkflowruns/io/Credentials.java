package com.amperityworkflowruns.io;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where the job finds its secret: a token file, the {@code AMPERITY_TOKEN} variable, or OAuth
 * client credentials with the secret in a file or {@code AMPERITY_CLIENT_SECRET}.
 *
 * <p>Only locations are serialized with the pipeline, never a secret: the secret is read where the
 * reader runs, in {@code @Setup}.
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

  private Credentials(
      @Nullable String tokenFile,
      @Nullable String clientId,
      @Nullable String clientSecretFile,
      @Nullable String tokenUrl) {
    this.tokenFile = tokenFile;
    this.clientId = clientId;
    this.clientSecretFile = clientSecretFile;
    this.tokenUrl = tokenUrl;
  }

  /** A bearer token read from a file. */
  public static Credentials tokenFile(String path) {
    return new Credentials(path, null, null, null);
  }

  /** A bearer token read from {@code AMPERITY_TOKEN}. */
  public static Credentials tokenFromEnvironment() {
    return new Credentials(null, null, null, null);
  }

  /**
   * OAuth client credentials; the secret comes from {@code secretFile}, or from {@code
   * AMPERITY_CLIENT_SECRET} when it is null.
   */
  public static Credentials clientCredentials(
      String clientId, @Nullable String secretFile, String tokenUrl) {
    return new Credentials(null, clientId, secretFile, tokenUrl);
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

  /** Reads the token (or the client secret for OAuth). */
  String readSecret(Map<String, String> env) {
    if (isOAuth()) {
      return clientSecretFile != null
          ? readFile(clientSecretFile, "--clientSecretFile")
          : readEnv(env, CLIENT_SECRET_ENV, "--clientSecretFile=PATH");
    }
    return tokenFile != null
        ? readFile(tokenFile, "--tokenFile")
        : readEnv(env, TOKEN_ENV, "--tokenFile=PATH or --clientId with --clientSecretFile");
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
      return "OAuth client " + clientId + " via " + tokenUrl;
    }
    return tokenFile != null ? "token file " + tokenFile : "token from $" + TOKEN_ENV;
  }
}
