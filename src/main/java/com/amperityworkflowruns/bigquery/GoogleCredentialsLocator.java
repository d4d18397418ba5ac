package com.amperityworkflowruns.bigquery;

import com.google.auth.oauth2.GoogleCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;

/**
 * Finds Application Default Credentials without touching the network when there are none. The
 * client library's own search ends by probing the metadata server, which on a machine outside
 * Google Cloud waits for time-outs; here a machine that has neither a key file, nor gcloud's
 * credentials, nor Google's virtual hardware gets one clear error at once.
 */
final class GoogleCredentialsLocator {
  static final String FIX =
      "run `gcloud auth application-default login`, or set GOOGLE_APPLICATION_CREDENTIALS to a"
          + " service-account key file, or run on Google Cloud";

  private final Map<String, String> env;
  private final Path home;
  private final Path productName;

  GoogleCredentialsLocator(Map<String, String> env, Path home, Path productName) {
    this.env = env;
    this.home = home;
    this.productName = productName;
  }

  /** The locator of this process. */
  static GoogleCredentialsLocator ofThisMachine() {
    return new GoogleCredentialsLocator(
        System.getenv(),
        Path.of(System.getProperty("user.home", "/")),
        Path.of("/sys/class/dmi/id/product_name"));
  }

  /** Where credentials would come from, or null when there are none. */
  String source() {
    String keyFile = env.get("GOOGLE_APPLICATION_CREDENTIALS");
    if (keyFile != null && !keyFile.isBlank()) {
      return "GOOGLE_APPLICATION_CREDENTIALS";
    }
    if (Files.isRegularFile(gcloudFile())) {
      return "gcloud application-default credentials";
    }
    if (onGoogleCloud()) {
      return "the metadata server";
    }
    return null;
  }

  /** The credentials, scoped; fails with {@link TableStoreException.Kind#NO_CREDENTIALS}. */
  GoogleCredentials find(Collection<String> scopes) throws TableStoreException {
    if (source() == null) {
      throw new TableStoreException(
          TableStoreException.Kind.NO_CREDENTIALS, "no Google credentials found: " + FIX);
    }
    try {
      return GoogleCredentials.getApplicationDefault().createScoped(scopes);
    } catch (IOException e) {
      throw new TableStoreException(
          TableStoreException.Kind.NO_CREDENTIALS,
          "cannot load Google credentials from " + source() + " (" + e.getMessage() + "): " + FIX,
          e);
    }
  }

  private Path gcloudFile() {
    String config = env.get("CLOUDSDK_CONFIG");
    Path dir = config != null ? Path.of(config) : home.resolve(".config").resolve("gcloud");
    return dir.resolve("application_default_credentials.json");
  }

  private boolean onGoogleCloud() {
    try {
      return Files.isReadable(productName)
          && Files.readString(productName, StandardCharsets.UTF_8).contains("Google");
    } catch (IOException e) {
      return false;
    }
  }
}
