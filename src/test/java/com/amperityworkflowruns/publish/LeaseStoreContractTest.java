package com.amperityworkflowruns.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The promises every {@link LeaseStore} keeps, checked against the local store and the in-memory
 * fake (the Cloud Storage store keeps them through preconditions, not run here: no network).
 */
class LeaseStoreContractTest {
  @TempDir static Path dir;

  static Stream<Arguments> stores() {
    return Stream.of(
        Arguments.of("local", new LocalLeaseStore()),
        Arguments.of("in-memory fake", new InMemoryLeaseStore()));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String path(String name) {
    return dir.resolve(name).toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void givenAbsentObject_createSucceedsOnceAndReadReturnsItsContentAndGeneration(
      String name, LeaseStore store) throws Exception {
    // Arrange
    String p = path(name + "-create.json");

    // Act
    long first = store.createIfAbsent(p, bytes("a"));
    long second = store.createIfAbsent(p, bytes("b"));
    LeaseStore.Versioned read = store.read(p);

    // Assert
    assertThat(first).isPositive();
    assertThat(second).isEqualTo(-1);
    assertThat(new String(read.content, StandardCharsets.UTF_8)).isEqualTo("a");
    assertThat(read.generation).isEqualTo(first);
    assertThat(store.read(path(name + "-never.json"))).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void givenStaleGeneration_replaceAndDeleteRefuseAndLeaveTheObject(String name, LeaseStore store)
      throws Exception {
    // Arrange
    String p = path(name + "-stale.json");
    long g1 = store.createIfAbsent(p, bytes("a"));
    long g2 = store.replace(p, bytes("b"), g1);

    // Act
    long staleReplace = store.replace(p, bytes("c"), g1);
    boolean staleDelete = store.delete(p, g1);

    // Assert
    assertThat(g2).isPositive().isNotEqualTo(g1);
    assertThat(staleReplace).isEqualTo(-1);
    assertThat(staleDelete).isFalse();
    LeaseStore.Versioned read = store.read(p);
    assertThat(new String(read.content, StandardCharsets.UTF_8)).isEqualTo("b");
    assertThat(read.generation).isEqualTo(g2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void givenCurrentGeneration_deleteRemovesAndARecreatedObjectGetsANewGeneration(
      String name, LeaseStore store) throws Exception {
    // Arrange
    String p = path(name + "-aba.json");
    long g1 = store.createIfAbsent(p, bytes("a"));

    // Act
    boolean deleted = store.delete(p, g1);
    LeaseStore.Versioned gone = store.read(p);
    long g2 = store.createIfAbsent(p, bytes("b"));

    // Assert
    assertThat(deleted).isTrue();
    assertThat(gone).isNull();
    assertThat(g2).isPositive().isNotEqualTo(g1);
    assertThat(store.replace(p, bytes("c"), g1)).as("a writer holding the old generation")
        .isEqualTo(-1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void givenEightConcurrentCreators_exactlyOneWins(String name, LeaseStore store)
      throws Exception {
    // Arrange
    String p = path(name + "-race.json");
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Long>> results = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String content = "job-" + i;
      results.add(pool.submit(() -> {
        start.await();
        return store.createIfAbsent(p, bytes(content));
      }));
    }

    // Act
    start.countDown();
    List<Long> generations = new ArrayList<>();
    for (Future<Long> f : results) {
      generations.add(f.get());
    }
    pool.shutdown();

    // Assert
    assertThat(generations.stream().filter(g -> g > 0)).hasSize(1);
    assertThat(store.read(p).generation).isEqualTo(
        generations.stream().filter(g -> g > 0).findFirst().orElseThrow());
  }
}
