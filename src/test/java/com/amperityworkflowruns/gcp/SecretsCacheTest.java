package com.amperityworkflowruns.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secrets are read once per JVM and read again only after the service refused the value held. */
class SecretsCacheTest {
  private static final SecretName NAME =
      SecretName.parse("--test", "projects/acme-prod/secrets/client-secret");

  @Test
  void givenManyReads_storeIsAskedOnceAndValueTrimmed() {
    InMemorySecretStore store = InMemorySecretStore.create();
    store.addVersion("acme-prod", "client-secret", "value-1\n");

    String a = Secrets.read(store.factory(), NAME, Map.of());
    String b = Secrets.read(store.factory(), NAME, Map.of());

    assertThat(a).isEqualTo("value-1").isEqualTo(b);
    assertThat(store.reads()).isEqualTo(1);
  }

  @Test
  void givenRotatedSecret_rereadAfterRefusalReturnsTheNewValueAndCachesIt() {
    InMemorySecretStore store = InMemorySecretStore.create();
    store.addVersion("acme-prod", "client-secret", "old");
    String held = Secrets.read(store.factory(), NAME, Map.of());
    store.addVersion("acme-prod", "client-secret", "new");

    String fresh = Secrets.reread(store.factory(), NAME, Map.of(), held);

    assertThat(fresh).isEqualTo("new");
    assertThat(Secrets.read(store.factory(), NAME, Map.of())).isEqualTo("new");
    assertThat(store.reads()).isEqualTo(2);
  }

  @Test
  void givenUnchangedSecret_rereadReturnsNullSoTheRefusalIsFinal() {
    InMemorySecretStore store = InMemorySecretStore.create();
    store.addVersion("acme-prod", "client-secret", "same");
    String held = Secrets.read(store.factory(), NAME, Map.of());

    String fresh = Secrets.reread(store.factory(), NAME, Map.of(), held);

    assertThat(fresh).isNull();
  }

  @Test
  void givenAnotherThreadAlreadyReread_secondRefusalOfTheOldValueCostsNoRead() {
    InMemorySecretStore store = InMemorySecretStore.create();
    store.addVersion("acme-prod", "client-secret", "old");
    String held = Secrets.read(store.factory(), NAME, Map.of());
    store.addVersion("acme-prod", "client-secret", "new");
    Secrets.reread(store.factory(), NAME, Map.of(), held);

    String again = Secrets.reread(store.factory(), NAME, Map.of(), held);

    assertThat(again).isEqualTo("new");
    assertThat(store.reads()).isEqualTo(2);
  }

  @Test
  void givenFailedRead_nothingIsCachedAndTheNextReadAsksAgain() {
    InMemorySecretStore store = InMemorySecretStore.create();
    assertThatThrownBy(() -> Secrets.read(store.factory(), NAME, Map.of()))
        .isInstanceOf(SecretAccessException.class);
    store.addVersion("acme-prod", "client-secret", "now-there");

    String value = Secrets.read(store.factory(), NAME, Map.of());

    assertThat(value).isEqualTo("now-there");
  }

  @Test
  void givenEmptyVersion_refusedWithTheFix() {
    InMemorySecretStore store = InMemorySecretStore.create();
    store.addVersion("acme-prod", "client-secret", " \n");

    assertThatThrownBy(() -> Secrets.read(store.factory(), NAME, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is empty");
  }
}
