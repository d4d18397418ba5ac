package com.amperityworkflowruns.gcp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secret-store contract against the real {@link SecretManagerStore}: its credential check,
 * retry settings, deadline and classification of errors, through the client library's REST
 * transport to a loopback stand-in of Secret Manager's API ({@link SecretManagerStandIn}).
 *
 * <p>What this does not show: the gRPC transport production uses, and Application Default
 * Credentials being loaded (the REST client here sends none; the environment names a key file,
 * as a machine with credentials does, so that the store's check of the environment passes).
 */
@Timeout(60)
class SecretManagerStoreContractTest extends SecretStoreContract {
  /**
   * The deadline of one read: short, so that the unavailable case retries briefly; a few seconds,
   * as a loaded machine once answered a loopback read in more than the 1 s a 2 s deadline allows.
   */
  private static final Duration DEADLINE = Duration.ofSeconds(6);

  @TempDir Path tmp;
  private SecretManagerStandIn secretManager;

  @AfterEach
  void stopStandIn() {
    if (secretManager != null) {
      secretManager.close();
    }
  }

  @Override
  Arranged newStore() {
    secretManager = SecretManagerStandIn.start();
    SecretStore.Factory factory =
        SecretManagerStore.overRestAt(secretManager.endpoint(), DEADLINE);
    return new Arranged() {
      private Map<String, String> env = Map.of("GOOGLE_APPLICATION_CREDENTIALS",
          tmp.resolve("key.json").toString());

      @Override
      public int addVersion(String project, String secret, String value) {
        return secretManager.addVersion(project, secret, value);
      }

      @Override
      public void disable(String project, String secret, int version) {
        secretManager.disable(project, secret, version);
      }

      @Override
      public void deny(String project, String secret) {
        secretManager.deny(project, secret);
      }

      @Override
      public void withoutCredentials() {
        env = NoGoogleCredentials.env(tmp);
      }

      @Override
      public void unavailable() {
        secretManager.unavailable();
      }

      @Override
      public SecretStore.Factory factory() {
        return factory;
      }

      @Override
      public Map<String, String> environment() {
        return env;
      }
    };
  }
}
