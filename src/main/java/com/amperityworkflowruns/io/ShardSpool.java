package com.amperityworkflowruns.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Durable copies of the pages read, one folder per shard, so that {@code --resume} after a crash
 * reads completed shards from here instead of the API.
 *
 * <p>A page is written (to a temporary name, then renamed) after its claim and before its runs
 * are emitted; a shard's {@code complete} marker, holding its page count, is written after its
 * last page. Only a shard with a marker is replayed; any other is read again from the API. Local
 * paths and {@code gs://} both work (Beam {@link FileSystems}).
 */
final class ShardSpool implements Serializable {
  private final String dir;

  ShardSpool(String dir) {
    this.dir = dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
  }

  private String shardDir(Cursor shard) {
    return dir + "/shard-" + shard.fromMicros + "-" + shard.toMicros;
  }

  /** Keeps page {@code index} of a shard. */
  void writePage(Cursor shard, int index, List<String> runs) {
    StringBuilder text = new StringBuilder();
    for (String run : runs) {
      text.append(run).append('\n');
    }
    write(shardDir(shard) + "/page-" + index + ".jsonl", text.toString());
  }

  /** Marks a shard complete after its {@code pages} pages were kept. */
  void complete(Cursor shard, int pages) {
    write(shardDir(shard) + "/complete", Integer.toString(pages));
  }

  /** The runs of a completed shard, or null when the shard is not complete here. */
  @Nullable
  List<String> completedRuns(Cursor shard) {
    String marker = read(shardDir(shard) + "/complete");
    if (marker == null) {
      return null;
    }
    int pages = Integer.parseInt(marker.trim());
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < pages; i++) {
      String page = read(shardDir(shard) + "/page-" + i + ".jsonl");
      if (page == null) {
        return null; // incomplete copy: read the shard again
      }
      for (String line : page.split("\n")) {
        if (!line.isEmpty()) {
          runs.add(line);
        }
      }
    }
    return runs;
  }

  private static void write(String path, String text) {
    ResourceId target = FileSystems.matchNewResource(path, false);
    ResourceId temp = FileSystems.matchNewResource(path + ".tmp", false);
    try {
      try (Writer w =
          Channels.newWriter(FileSystems.create(temp, MimeTypes.TEXT), StandardCharsets.UTF_8)) {
        w.write(text);
      }
      FileSystems.rename(
          List.of(temp), List.of(target), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the resume copy " + path, e);
    }
  }

  private static @Nullable String read(String path) {
    try {
      MatchResult match = FileSystems.match(path);
      if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
        return null;
      }
      try (BufferedReader r =
          new BufferedReader(
              Channels.newReader(
                  FileSystems.open(match.metadata().get(0).resourceId()), StandardCharsets.UTF_8))) {
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[8192];
        int n;
        while ((n = r.read(buf)) > 0) {
          sb.append(buf, 0, n);
        }
        return sb.toString();
      }
    } catch (IOException e) {
      return null;
    }
  }
}
