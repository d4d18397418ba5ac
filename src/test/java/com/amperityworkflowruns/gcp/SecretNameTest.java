package com.amperityworkflowruns.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SecretNameTest {
  @Test
  void givenNameWithoutVersion_meansLatest() {
    SecretName name = SecretName.parse("--clientSecretName", "projects/acme-prod/secrets/client-secret");

    assertThat(name.toString()).isEqualTo("projects/acme-prod/secrets/client-secret/versions/latest");
    assertThat(name.version()).isEqualTo("latest");
  }

  @Test
  void givenNumberedVersionOfProjectNumber_keepsBoth() {
    SecretName name = SecretName.parse("--tokenSecretName", "projects/123456789012/secrets/tok_1/versions/7");

    assertThat(name.project()).isEqualTo("123456789012");
    assertThat(name.secret()).isEqualTo("tok_1");
    assertThat(name.version()).isEqualTo("7");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "client-secret",
      "projects/acme-prod/secrets/",
      "projects/acme-prod/secret/s",
      "projects/acme-prod/secrets/s/versions/",
      "projects/acme-prod/secrets/s/versions/0",
      "projects/acme-prod/secrets/s/versions/newest",
      "projects/Acme/secrets/s",
      "projects/acme-prod/secrets/s/versions/1/extra",
      "//secretmanager.googleapis.com/projects/acme-prod/secrets/s"})
  void givenMalformedName_refusedNamingTheOptionAndTheForm(String value) {
    assertThatThrownBy(() -> SecretName.parse("--clientSecretName", value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--clientSecretName=" + value + " is not a Secret Manager secret version")
        .hasMessageContaining("projects/PROJECT/secrets/SECRET/versions/VERSION");
  }
}
