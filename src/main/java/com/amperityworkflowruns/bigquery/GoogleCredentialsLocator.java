package com.amperityworkflowruns.bigquery;

import com.amperityworkflowruns.gcp.GoogleAuth;
import com.google.auth.oauth2.GoogleCredentials;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;

/**
 * Application Default Credentials for the table store, or one clear error at once when this
 * machine has none ({@link GoogleAuth#source}: decided without the network, as for Secret
 * Manager and GCS).
 */
final class GoogleCredentialsLocator {
  private final Map<String, String> env;

  GoogleCredentialsLocator(Map<String, String> env) {
    this.env = env;
  }

  /** The locator of this process. */
  static GoogleCredentialsLocator ofThisMachine() {
    return new GoogleCredentialsLocator(System.getenv());
  }

  /** The credentials, scoped; fails with {@link TableStoreException.Kind#NO_CREDENTIALS}. */
  GoogleCredentials find(Collection<String> scopes) throws TableStoreException {
    String source = GoogleAuth.source(env).orElse(null);
    if (source == null) {
      throw new TableStoreException(
          TableStoreException.Kind.NO_CREDENTIALS,
          "no Google credentials found: " + GoogleAuth.HOW_TO);
    }
    try {
      return GoogleCredentials.getApplicationDefault().createScoped(scopes);
    } catch (IOException e) {
      throw new TableStoreException(
          TableStoreException.Kind.NO_CREDENTIALS,
          "cannot load Google credentials from " + source + " (" + e.getMessage() + "): "
              + GoogleAuth.HOW_TO,
          e);
    }
  }
}
