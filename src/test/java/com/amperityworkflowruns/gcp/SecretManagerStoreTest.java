package com.amperityworkflowruns.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.api.gax.rpc.StatusCode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What can be checked of the real store without Google: its classification of Secret Manager's
 * status codes, and that without credentials it fails at once and sends nothing.
 */
class SecretManagerStoreTest {
  private static final SecretName NAME =
      SecretName.parse("--test", "projects/acme-prod/secrets/client-secret/versions/3");

  @ParameterizedTest
  @CsvSource({
    "NOT_FOUND, NOT_FOUND",
    "INVALID_ARGUMENT, NOT_FOUND",
    "PERMISSION_DENIED, PERMISSION_DENIED",
    "UNAUTHENTICATED, NO_CREDENTIALS",
    "FAILED_PRECONDITION, DISABLED",
    "UNAVAILABLE, UNAVAILABLE",
    "DEADLINE_EXCEEDED, UNAVAILABLE",
    "INTERNAL, UNAVAILABLE"
  })
  void givenStatusCode_classifiedWithOneLineNamingSecretAndCode(
      StatusCode.Code code, SecretAccessException.Reason reason) {
    SecretAccessException e = SecretManagerStore.classify(code, NAME, null);

    assertThat(e.reason()).isEqualTo(reason);
    assertThat(e.getMessage())
        .startsWith("cannot read secret projects/acme-prod/secrets/client-secret/versions/3: ")
        .endsWith("(" + code + ")")
        .doesNotContain("\n");
  }

  @Test
  @Timeout(10) // must not retry
  void givenAnEnvironmentWithoutCredentials_failsAtOnceAsNoCredentials(@TempDir Path tmp) {
    // Arrange: an environment without credentials on any machine
    Map<String, String> env = NoGoogleCredentials.env(tmp);
    assertThat(GoogleAuth.source(env)).isEmpty();

    // Act
    SecretAccessException e;
    try (SecretStore store = SecretManagerStore.factory().open(env)) {
      e = catchThrowableOfType(SecretAccessException.class, () -> store.access(NAME));
    }

    // Assert
    assertThat(e.reason()).isEqualTo(SecretAccessException.Reason.NO_CREDENTIALS);
    assertThat(e.getMessage()).contains("GOOGLE_APPLICATION_CREDENTIALS");
  }

  @Test
  void factoriesOfTheRealStoreAreEqualSoOneJvmCachesOnce() {
    assertThat(SecretManagerStore.factory()).isEqualTo(SecretManagerStore.factory());
  }
}
