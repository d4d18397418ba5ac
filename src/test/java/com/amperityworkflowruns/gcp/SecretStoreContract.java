package com.amperityworkflowruns.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The promises of {@link SecretStore}, for any store that can be arranged: the real one through a
 * loopback stand-in of Secret Manager's REST API ({@code SecretManagerStoreContractTest}) and the
 * in-memory one the pipeline tests use ({@code InMemorySecretStoreTest}). Secret Manager itself is
 * not reachable from the tests.
 */
abstract class SecretStoreContract {
  static final String PROJECT = "acme-prod";
  static final String VALUE = "cs-contract-Secret-5c1e09d7";

  /** The store under test, with its arrangement calls. */
  interface Arranged {
    int addVersion(String project, String secret, String value);

    void disable(String project, String secret, int version);

    void deny(String project, String secret);

    void withoutCredentials();

    void unavailable();

    SecretStore.Factory factory();

    /** The environment the store is opened with: one with credentials unless withoutCredentials. */
    default Map<String, String> environment() {
      return Map.of();
    }
  }

  abstract Arranged newStore();

  private static SecretName name(String secret, String version) {
    return SecretName.parse("--test", "projects/" + PROJECT + "/secrets/" + secret + "/versions/" + version);
  }

  private static byte[] read(Arranged store, SecretName name) {
    try (SecretStore s = store.factory().open(store.environment())) {
      return s.access(name);
    }
  }

  private static SecretAccessException failure(Arranged store, SecretName name) {
    return catchThrowableOfType(SecretAccessException.class, () -> read(store, name));
  }

  @Test
  void givenNumberedVersion_returnsItsExactBytes() {
    Arranged store = newStore();
    store.addVersion(PROJECT, "s", VALUE);
    store.addVersion(PROJECT, "s", "second");

    byte[] first = read(store, name("s", "1"));

    assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo(VALUE);
  }

  @Test
  void givenLatest_returnsTheMostRecentlyAddedVersion() {
    Arranged store = newStore();
    store.addVersion(PROJECT, "s", "first");
    store.addVersion(PROJECT, "s", VALUE);

    byte[] latest = read(store, name("s", "latest"));

    assertThat(new String(latest, StandardCharsets.UTF_8)).isEqualTo(VALUE);
  }

  @Test
  void givenMissingSecretOrVersion_isNotFound() {
    Arranged store = newStore();
    store.addVersion(PROJECT, "s", VALUE);

    SecretAccessException noSecret = failure(store, name("other", "latest"));
    SecretAccessException noVersion = failure(store, name("s", "2"));

    assertThat(noSecret.reason()).isEqualTo(SecretAccessException.Reason.NOT_FOUND);
    assertThat(noVersion.reason()).isEqualTo(SecretAccessException.Reason.NOT_FOUND);
  }

  @Test
  void givenDisabledVersion_isDisabled() {
    Arranged store = newStore();
    store.addVersion(PROJECT, "s", VALUE);
    store.disable(PROJECT, "s", 1);

    SecretAccessException e = failure(store, name("s", "1"));

    assertThat(e.reason()).isEqualTo(SecretAccessException.Reason.DISABLED);
  }

  @Test
  void givenDeniedCaller_isPermissionDeniedNamingTheRoleAndNeverTheValue() {
    Arranged store = newStore();
    store.addVersion(PROJECT, "s", VALUE);
    store.deny(PROJECT, "s");

    SecretAccessException e = failure(store, name("s", "latest"));

    assertThat(e.reason()).isEqualTo(SecretAccessException.Reason.PERMISSION_DENIED);
    assertThat(e.getMessage())
        .contains("projects/acme-prod/secrets/s/versions/latest")
        .contains("roles/secretmanager.secretAccessor")
        .doesNotContain(VALUE)
        .doesNotContain("\n");
  }

  @Test
  void givenNoCredentials_isNoCredentialsWithTheFix() {
    Arranged store = newStore();
    store.addVersion(PROJECT, "s", VALUE);
    store.withoutCredentials();

    SecretAccessException e = failure(store, name("s", "latest"));

    assertThat(e.reason()).isEqualTo(SecretAccessException.Reason.NO_CREDENTIALS);
    assertThat(e.getMessage()).contains("gcloud auth application-default login").doesNotContain(VALUE);
  }

  @Test
  void givenStoreOutOfReach_isUnavailableAndTransient() {
    Arranged store = newStore();
    store.addVersion(PROJECT, "s", VALUE);
    store.unavailable();

    SecretAccessException e = failure(store, name("s", "latest"));

    assertThat(e.reason()).isEqualTo(SecretAccessException.Reason.UNAVAILABLE);
    assertThat(e.reason().isTransient()).isTrue();
  }
}
