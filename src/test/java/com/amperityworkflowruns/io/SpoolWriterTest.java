package com.amperityworkflowruns.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amperityworkflowruns.fetch.Cursor;
import com.amperityworkflowruns.bench.MemObjectStore;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The resume spool's background writer, against a local disk and an object store that hangs. */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a write on the caller's thread would hang instead
class SpoolWriterTest {
  private static final Cursor SHARD = Cursor.start(1_000_000L, 9_000_000L);
  private static final Cursor OTHER_SHARD = Cursor.start(9_000_000L, 20_000_000L);
  @TempDir Path dir;

  @BeforeAll
  static void registerFileSystems() {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
  }

  private static String bucket() {
    return "spool-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void givenAStoreThatHangs_writeReturnsAtOnce_andAwaitWrittenWaitsForTheStore() throws Exception {
    // Arrange
    String bucket = bucket();
    String spoolDir = "mem://" + bucket + "/spool";
    CountDownLatch release = MemObjectStore.hang(bucket);
    try (SpoolWriter writer = new SpoolWriter(new ShardSpool(spoolDir))) {
      // Act 1: three pages while every call on the bucket hangs
      writer.write(SHARD, 0, List.of("{\"id\":\"a\"}"), "t1", 3L);
      writer.write(SHARD, 1, List.of("{\"id\":\"b\"}"), "t2", 3L);
      writer.write(OTHER_SHARD, 0, List.of("{\"id\":\"c\"}"), null, 1L);
      CompletableFuture<Void> awaited = CompletableFuture.runAsync(() -> {
        try {
          writer.awaitWritten();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });

      // Assert 1: nothing is written yet, and the wait is still waiting for the store
      assertThat(MemObjectStore.objects(spoolDir + "/")).isEmpty();
      assertThat(awaited).isNotDone();

      // Act 2
      release.countDown();
      awaited.get();

      // Assert 2: every page kept, under its final name only (no temporary object on a store)
      assertThat(MemObjectStore.objects(spoolDir + "/")).hasSize(3);
      assertThat(MemObjectStore.written(spoolDir + "/")).noneMatch(name -> name.endsWith(".tmp"));
      assertThat(new ShardSpool(spoolDir).keptPages(SHARD)).extracting(p -> p.nextToken)
          .containsExactly("t1", "t2");
    } finally {
      release.countDown();
      MemObjectStore.deleteAll("mem://" + bucket + "/");
    }
  }

  @Test
  void pagesOfOneShard_areWrittenInClaimOrder() throws Exception {
    // Arrange: the store holds every write back until all pages are queued
    String bucket = bucket();
    String spoolDir = "mem://" + bucket + "/spool";
    CountDownLatch release = MemObjectStore.hang(bucket);
    int pages = SpoolWriter.MAX_PENDING;
    try (SpoolWriter writer = new SpoolWriter(new ShardSpool(spoolDir))) {
      for (int i = 0; i < pages; i++) {
        writer.write(SHARD, i, List.of("{\"id\":\"r" + i + "\"}"), "t" + (i + 1), (long) pages);
      }

      // Act
      release.countDown();
      writer.awaitWritten();

      // Assert: with eight threads free to race, the store still saw page 0, 1, 2, ... in order
      String shardDir = spoolDir + "/shard-" + SHARD.fromMicros + "-" + SHARD.toMicros + "/";
      assertThat(MemObjectStore.written(shardDir)).containsExactlyElementsOf(
          IntStream.range(0, pages).mapToObj(i -> shardDir + "page-" + i + ".jsonl").toList());
    } finally {
      release.countDown();
      MemObjectStore.deleteAll("mem://" + bucket + "/");
    }
  }

  @Test
  void givenAPageThatCannotBeWritten_awaitWrittenThrowsItsCause() throws Exception {
    // Arrange: a file stands where the shard's folder must go
    Files.writeString(dir.resolve("shard-" + SHARD.fromMicros + "-" + SHARD.toMicros), "x");
    try (SpoolWriter writer = new SpoolWriter(new ShardSpool(dir.toString()))) {
      writer.write(SHARD, 0, List.of("{\"id\":\"a\"}"), null, 1L);

      // Act / Assert
      assertThatThrownBy(writer::awaitWritten)
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("cannot write the resume copy");
    }
  }

  @Test
  void onALocalDisk_pagesAreKeptWithoutTemporaryFilesLeft() throws Exception {
    try (SpoolWriter writer = new SpoolWriter(new ShardSpool(dir.toString()))) {
      writer.write(SHARD, 0, List.of("{\"id\":\"a\"}"), "t1", 2L);
      writer.write(SHARD, 1, List.of("{\"id\":\"b\"}"), null, 2L);

      writer.awaitWritten();

      try (Stream<Path> files = Files.walk(dir)) {
        assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
            .containsExactlyInAnyOrder("page-0.jsonl", "page-1.jsonl");
      }
      assertThat(new ShardSpool(dir.toString()).keptPages(SHARD)).hasSize(2);
    }
  }
}
