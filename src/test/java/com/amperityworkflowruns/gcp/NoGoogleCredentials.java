package com.amperityworkflowruns.gcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * An environment in which {@link GoogleAuth} finds no Google credentials on any machine: a home
 * folder without gcloud's file, no key-file variable, and {@code NO_GCE_CHECK=true} so that a
 * Google Cloud VM's own account does not count. Tests give it to the job under test instead of
 * skipping where the machine has credentials.
 */
public final class NoGoogleCredentials {
  private NoGoogleCredentials() {}

  /** The environment, its home an empty folder created below {@code tmp}. */
  public static Map<String, String> env(Path tmp) {
    try {
      Path home = Files.createDirectories(tmp.resolve("home-without-google-credentials"));
      return Map.of("HOME", home.toString(), GoogleAuth.NO_GCE_CHECK, "true");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
