package com.amperityworkflowruns.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.fetch.Cursor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardSpoolTest {
  @TempDir Path dir;
  private static final Cursor SHARD = Cursor.start(1_000_000L, 9_000_000L);

  @Test
  void givenKeptPages_replaysThemInOrderWithTheirTokensUpToTheFirstGap() throws Exception {
    // Arrange: pages 0, 1 and 3 kept (2 was lost with the crash)
    ShardSpool spool = new ShardSpool(dir.toString());
    spool.writePage(SHARD, 0, List.of("{\"id\":\"a\"}", "{\"id\":\"b\"}"), "t1", 250L);
    spool.writePage(SHARD, 1, List.of("{\"id\":\"c\"}"), "t2", 250L);
    spool.writePage(SHARD, 3, List.of("{\"id\":\"e\"}"), null, 250L);

    // Act
    List<ShardSpool.KeptPage> kept = spool.keptPages(SHARD);

    // Assert
    assertThat(kept).hasSize(2);
    assertThat(kept.get(0).runs).containsExactly("{\"id\":\"a\"}", "{\"id\":\"b\"}");
    assertThat(kept.get(0).nextToken).isEqualTo("t1");
    assertThat(kept.get(1).runs).containsExactly("{\"id\":\"c\"}");
    assertThat(kept.get(1).nextToken).isEqualTo("t2");
    assertThat(kept.get(1).total).isEqualTo(250L);
  }

  @Test
  void givenLastPageKept_replayEndsThereWithNoToken() {
    ShardSpool spool = new ShardSpool(dir.toString());
    spool.writePage(SHARD, 0, List.of(), "t1", null);
    spool.writePage(SHARD, 1, List.of("{\"id\":\"z\"}"), null, null);

    List<ShardSpool.KeptPage> kept = spool.keptPages(SHARD);

    assertThat(kept).hasSize(2);
    assertThat(kept.get(0).runs).isEmpty();
    assertThat(kept.get(1).nextToken).isNull();
  }

  @Test
  void givenPageOfAnOlderFormatWithoutHeader_nothingIsReplayed() throws Exception {
    Path shard = dir.resolve("shard-1000000-9000000");
    Files.createDirectories(shard);
    Files.writeString(shard.resolve("page-0.jsonl"), "{\"id\":\"a\"}\n");

    assertThat(new ShardSpool(dir.toString()).keptPages(SHARD)).isEmpty();
  }
}
