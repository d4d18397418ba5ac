package com.amperityworkflowruns.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.fetch.Cursor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.values.KV;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolReplayTest {
  private static final Cursor SHARD = Cursor.start(1_000_000L, 9_000_000L);
  @TempDir Path dir;
  private final List<KV<String, List<String>>> emitted = new ArrayList<>();

  private SpoolReplay replayOf(ShardSpool spool) {
    return new SpoolReplay(spool, new ReadCounters());
  }

  @Test
  void givenAChainKeptInPart_emitsItsPagesAndLeavesTheCursorAtTheTokenAfterThem() {
    // Arrange
    ShardSpool spool = new ShardSpool(dir.toString());
    spool.writePage(SHARD, 0, List.of("{\"id\":\"a\"}"), "t1", 3L);
    spool.writePage(SHARD, 1, List.of("{\"id\":\"b\"}"), "t2", 3L);
    ShardTracker tracker = new ShardTracker(ShardRestriction.of(SHARD), 1);

    // Act
    Boolean replayed =
        replayOf(spool).replay(SHARD, tracker, new SdfDriver.Receiver<>(emitted::add));

    // Assert
    assertThat(replayed).isTrue();
    assertThat(emitted).extracting(KV::getValue)
        .containsExactly(List.of("{\"id\":\"a\"}"), List.of("{\"id\":\"b\"}"));
    Cursor left = tracker.currentRestriction().cursors.get(0);
    assertThat(left.token).isEqualTo("t2");
    assertThat(left.pagesRead).isEqualTo(2);
  }

  @Test
  void givenNothingKept_replaysNothing() {
    ShardTracker tracker = new ShardTracker(ShardRestriction.of(SHARD), 1);

    Boolean replayed = replayOf(new ShardSpool(dir.toString()))
        .replay(SHARD, tracker, new SdfDriver.Receiver<>(emitted::add));

    assertThat(replayed).isNull();
    assertThat(emitted).isEmpty();
  }

  @Test
  void aCursorReachedByAnotherChain_isNotReplayed() {
    // Arrange: the kept page 0 led to t1, but the cursor stands after a token t9
    ShardSpool spool = new ShardSpool(dir.toString());
    spool.writePage(SHARD, 0, List.of("{\"id\":\"a\"}"), "t1", 3L);
    spool.writePage(SHARD, 1, List.of("{\"id\":\"b\"}"), "t2", 3L);
    Cursor elsewhere = SHARD.advance("t9", 3L);
    ShardTracker tracker = new ShardTracker(ShardRestriction.of(elsewhere), 1);

    // Act
    Boolean replayed =
        replayOf(spool).replay(elsewhere, tracker, new SdfDriver.Receiver<>(emitted::add));

    // Assert
    assertThat(replayed).isNull();
    assertThat(emitted).isEmpty();
  }

  @Test
  void aCursorPosition_isCheckedOnce() {
    ShardSpool spool = new ShardSpool(dir.toString());
    spool.writePage(SHARD, 0, List.of("{\"id\":\"a\"}"), null, 1L);
    SpoolReplay replay = replayOf(spool);
    replay.replay(SHARD, new ShardTracker(ShardRestriction.of(SHARD), 1),
        new SdfDriver.Receiver<>(emitted::add));

    Boolean again = replay.replay(SHARD, new ShardTracker(ShardRestriction.of(SHARD), 1),
        new SdfDriver.Receiver<>(emitted::add));

    assertThat(again).isNull();
    assertThat(emitted).hasSize(1);
  }

  @Test
  void aPositionReachedByReadingTheApi_isNotLookedUpInTheSpool() {
    // Arrange: page 0 was read from the API here; the spool happens to hold pages 0 and 1
    ShardSpool spool = new ShardSpool(dir.toString());
    spool.writePage(SHARD, 0, List.of("{\"id\":\"a\"}"), "t1", 2L);
    spool.writePage(SHARD, 1, List.of("{\"id\":\"b\"}"), null, 2L);
    SpoolReplay replay = replayOf(spool);
    replay.readFromApi(SHARD);
    Cursor next = SHARD.advance("t1", 2L);

    // Act
    Boolean replayed = replay.replay(next, new ShardTracker(ShardRestriction.of(next), 1),
        new SdfDriver.Receiver<>(emitted::add));

    // Assert: no look-up per page read
    assertThat(replayed).isNull();
    assertThat(emitted).isEmpty();
  }

  @Test
  void aReplayStoppedByACheckpoint_goesOnFromTheResidualsPosition() {
    // Arrange: three pages kept; the runner checkpoints after the first replayed page
    ShardSpool spool = new ShardSpool(dir.toString());
    spool.writePage(SHARD, 0, List.of("{\"id\":\"a\"}"), "t1", 3L);
    spool.writePage(SHARD, 1, List.of("{\"id\":\"b\"}"), "t2", 3L);
    spool.writePage(SHARD, 2, List.of("{\"id\":\"c\"}"), null, 3L);
    SpoolReplay replay = replayOf(spool);
    ShardTracker tracker = new ShardTracker(ShardRestriction.of(SHARD), 1);
    List<ShardRestriction> residual = new java.util.ArrayList<>();
    Boolean stopped = replay.replay(SHARD, tracker, new SdfDriver.Receiver<>(page -> {
      emitted.add(page);
      residual.add(tracker.trySplit(0).getResidual());
    }));
    Cursor rest = residual.get(0).cursors.get(0);

    // Act
    Boolean replayed = replay.replay(rest, new ShardTracker(residual.get(0), 1),
        new SdfDriver.Receiver<>(emitted::add));

    // Assert
    assertThat(stopped).isFalse();
    assertThat(replayed).isTrue();
    assertThat(emitted).extracting(KV::getValue).containsExactly(
        List.of("{\"id\":\"a\"}"), List.of("{\"id\":\"b\"}"), List.of("{\"id\":\"c\"}"));
  }
}
