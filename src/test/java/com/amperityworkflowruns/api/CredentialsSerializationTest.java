package com.amperityworkflowruns.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.gcp.InMemorySecretStore;
import com.amperityworkflowruns.gcp.SecretName;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What travels to the workers with the pipeline names the secret and never holds its value. */
class CredentialsSerializationTest {
  private static final String VALUE = "cs-serialized-Secret-0e4d9a";

  @Test
  void givenValidatedSecretManagerCredentials_serializedFormHoldsTheNameNotTheValue()
      throws IOException, ClassNotFoundException {
    // Arrange
    InMemorySecretStore store = InMemorySecretStore.create();
    store.addVersion("acme-prod", "client-secret", VALUE);
    Credentials credentials =
        Credentials.clientCredentialsFromSecretManager(
                "client-1",
                SecretName.parse("--clientSecretName", "projects/acme-prod/secrets/client-secret"),
                "https://acme.amperity.com/api/v0/oauth2/token")
            .withSecretStore(store.factory());
    credentials.validate(Map.of());

    // Act
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
      out.writeObject(credentials);
    }
    byte[] bytes = buffer.toByteArray();
    Credentials onWorker;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      onWorker = (Credentials) in.readObject();
    }

    // Assert
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    assertThat(text).contains("client-secret").doesNotContain(VALUE);
    assertThat(onWorker.readSecret(Map.of())).isEqualTo(VALUE);
    assertThat(onWorker.toString()).contains("projects/acme-prod/secrets/client-secret").doesNotContain(VALUE);
  }
}
