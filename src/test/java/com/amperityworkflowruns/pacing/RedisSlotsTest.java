package com.amperityworkflowruns.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.gcp.InMemorySecretStore;
import com.amperityworkflowruns.gcp.SecretName;
import com.amperityworkflowruns.testing.RedisServer;
import com.amperityworkflowruns.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract of {@link TenantSlots} on a real Redis (the Lua script), and AUTH from a secret. */
class RedisSlotsTest extends TenantSlotsContract {
  @AutoClose private static RedisServer redis;
  private static int database;
  private final List<TenantSlots> opened = new ArrayList<>();
  private final String prefix = "t" + (database++) + "-";

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisServer.start();
  }

  @AfterEach
  void closeConnections() {
    opened.forEach(TenantSlots::close);
  }

  @Override
  TenantSlots slots(String tenant) {
    // a tenant name of its own per test: the server is shared by the class
    return open(new RedisSlots(RedisLimiter.at(redis.address()), prefix + tenant, Map.of()));
  }

  @Override
  TenantSlots unreachable(String tenant) throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    return open(new RedisSlots(RedisLimiter.at("127.0.0.1:" + closedPort), tenant, Map.of()));
  }

  private TenantSlots open(TenantSlots slots) {
    opened.add(slots);
    return slots;
  }

  @Test
  void aServerThatRequiresAuth_isReachedWithThePasswordFromTheSecret() throws Exception {
    try (RedisServer locked = RedisServer.start("--requirepass", "s3cret-auth")) {
      InMemorySecretStore secrets = InMemorySecretStore.create();
      secrets.addVersion("acme-prod", "redis-auth", "s3cret-auth");
      SecretName name =
          SecretName.parse("--redisAuthSecretName", "projects/acme-prod/secrets/redis-auth");
      RedisLimiter settings = RedisLimiter.at(locked.address()).withAuthSecret(name)
          .withSecretStore(secrets.factory());
      TenantSlots withAuth = open(new RedisSlots(settings, "acme", Map.of()));
      TenantSlots without = open(new RedisSlots(RedisLimiter.at(locked.address()), "acme", Map.of()));

      long wait = withAuth.tryTake(1, 1, WINDOW, 0, 0);

      assertThat(wait).isZero();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> without.tryTake(1, 1, WINDOW, 0, 0))
          .isInstanceOf(TenantSlots.Unavailable.class).hasMessageContaining("NOAUTH");
    }
  }

  @Test
  void aServerThatRestarted_answersAgainOnANewConnection() throws Exception {
    try (RedisServer own = RedisServer.start()) {
      TenantSlots slots = open(new RedisSlots(RedisLimiter.at(own.address()), "acme", Map.of()));
      slots.tryTake(1, 1, WINDOW, 0, 0);
      own.kill();
      own.restart();

      long wait = slots.tryTake(2, 1, WINDOW, 0, 0);

      assertThat(wait).as("a fresh server holds no send").isZero();
    }
  }

  @Test
  void aServerOverTls_isReachedTrustingTheCaFromTheSecret_andNotWithoutIt(@TempDir Path dir)
      throws Exception {
    TestCertificates certs = TestCertificates.make(dir);
    try (RedisServer tls = RedisServer.startTls(certs.cert(), certs.key(), certs.ca())) {
      InMemorySecretStore secrets = InMemorySecretStore.create();
      secrets.addVersion("acme-prod", "redis-ca", Files.readString(certs.ca()));
      SecretName ca = SecretName.parse("--redisCaSecretName", "projects/acme-prod/secrets/redis-ca");
      TenantSlots trusting = open(new RedisSlots(RedisLimiter.at(tls.address()).withTls(true)
          .withServerCaSecret(ca).withSecretStore(secrets.factory()), "acme", Map.of()));
      TenantSlots untrusting = open(
          new RedisSlots(RedisLimiter.at(tls.address()).withTls(true), "acme", Map.of()));

      long wait = trusting.tryTake(1, 1, WINDOW, 0, 0);

      assertThat(wait).isZero();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> untrusting.tryTake(1, 1, WINDOW, 0, 0))
          .as("the JVM's own CAs do not trust the test CA")
          .isInstanceOf(TenantSlots.Unavailable.class);
    }
  }
}
