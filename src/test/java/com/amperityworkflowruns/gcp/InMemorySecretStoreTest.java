package com.amperityworkflowruns.gcp;

/** The in-memory store keeps the promises of {@link SecretStore}. */
class InMemorySecretStoreTest extends SecretStoreContract {
  @Override
  Arranged newStore() {
    InMemorySecretStore store = InMemorySecretStore.create();
    return new Arranged() {
      @Override
      public int addVersion(String project, String secret, String value) {
        return store.addVersion(project, secret, value);
      }

      @Override
      public void disable(String project, String secret, int version) {
        store.disable(project, secret, version);
      }

      @Override
      public void deny(String project, String secret) {
        store.deny(project, secret);
      }

      @Override
      public void withoutCredentials() {
        store.withoutCredentials();
      }

      @Override
      public void unavailable() {
        store.unavailable();
      }

      @Override
      public SecretStore.Factory factory() {
        return store.factory();
      }
    };
  }
}
