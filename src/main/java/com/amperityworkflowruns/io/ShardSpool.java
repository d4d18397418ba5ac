package com.amperityworkflowruns.io;

import com.amperityworkflowruns.fetch.Cursor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * replays what was kept and continues each cursor chain from its last kept {@code next_token},
 * instead of reading it again from the API.
 *
 * <p>Page {@code i} of a shard is written after its claim ({@link SpoolWriter}, off the claiming
 * thread, done before the claim is committed) as {@code page-i.jsonl}: a header line {@code #{"next_token":...,
 * "total":...}} (the token that follows the page, null after the last one, and the shard's count
 * from its first page), then one run per line. Replay takes the pages 0, 1, 2, ... that exist
 * without a gap. Local paths and {@code gs://} both work (Beam {@link FileSystems}).
 *
 * <p>A local file is visible while it is written, so it is written to a temporary name and renamed
 * (atomic on a local disk). An object store publishes an object only once its upload completes
 * (Cloud Storage: "Only a completed resumable upload appears in your bucket"), and its rename is a
 * copy plus a delete (two more requests, and a soft-deleted object billed for its retention): there
 * the page is written under its final name, one upload ({@link #writesInPlace}).
 */
final class ShardSpool implements Serializable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String dir;

  /** One kept page: its runs, the token after it (null: the last page) and the shard's total. */
  static final class KeptPage {
    final List<String> runs;
    final @Nullable String nextToken;
    final @Nullable Long total;

    KeptPage(List<String> runs, @Nullable String nextToken, @Nullable Long total) {
      this.runs = runs;
      this.nextToken = nextToken;
      this.total = total;
    }
  }

  ShardSpool(String dir) {
    this.dir = dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
  }

  private String shardDir(Cursor shard) {
    return dir + "/shard-" + shard.fromMicros + "-" + shard.toMicros;
  }

  /** Keeps page {@code index} of a shard with the token that follows it. */
  void writePage(Cursor shard, int index, List<String> runs, @Nullable String nextToken,
      @Nullable Long total) {
    ObjectNode header = JSON.createObjectNode();
    header.put("next_token", nextToken);
    header.put("total", total);
    StringBuilder text = new StringBuilder("#").append(header).append('\n');
    for (String run : runs) {
      text.append(run).append('\n');
    }
    write(shardDir(shard) + "/page-" + index + ".jsonl", text.toString());
  }

  /**
   * The pages of {@code shard} kept from page 0 on, without a gap, ending at the last page or at
   * the first one missing; empty when none.
   */
  List<KeptPage> keptPages(Cursor shard) {
    return keptPages(shard, 0);
  }

  /**
   * Like {@link #keptPages(Cursor)} from page {@code first} on: the pages {@code first}, {@code
   * first + 1}, ... that are kept without a gap (a resumed chain reads only from where it stands).
   */
  List<KeptPage> keptPages(Cursor shard, int first) {
    List<KeptPage> pages = new ArrayList<>();
    for (int i = first; ; i++) {
      String text = read(shardDir(shard) + "/page-" + i + ".jsonl");
      if (text == null || !text.startsWith("#")) {
        return pages;
      }
      String[] lines = text.split("\n");
      KeptPage page;
      try {
        JsonNode header = JSON.readTree(lines[0].substring(1));
        List<String> runs = new ArrayList<>();
        for (int l = 1; l < lines.length; l++) {
          if (!lines[l].isEmpty()) {
            runs.add(lines[l]);
          }
        }
        page = new KeptPage(runs,
            header.path("next_token").isTextual() ? header.path("next_token").asText() : null,
            header.path("total").isNumber() ? header.path("total").asLong() : null);
      } catch (IOException e) {
        return pages; // a damaged copy: read the rest of the chain from the API
      }
      pages.add(page);
      if (page.nextToken == null) {
        return pages;
      }
    }
  }

  /**
   * Whether a file of this scheme may be written under its final name: every scheme but the local
   * disk's is an object store here (Cloud Storage, and the in-memory stores of the tests and the
   * benchmark), where an object appears only once its upload completes.
   */
  static boolean writesInPlace(ResourceId target) {
    return !"file".equals(target.getScheme());
  }

  private static void write(String path, String text) {
    ResourceId target = FileSystems.matchNewResource(path, false);
    try {
      if (writesInPlace(target)) {
        writeText(target, text);
        return;
      }
      ResourceId temp = FileSystems.matchNewResource(path + ".tmp", false);
      writeText(temp, text);
      FileSystems.rename(
          List.of(temp), List.of(target), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the resume copy " + path, e);
    }
  }

  private static void writeText(ResourceId file, String text) throws IOException {
    try (Writer w =
        Channels.newWriter(FileSystems.create(file, MimeTypes.TEXT), StandardCharsets.UTF_8)) {
      w.write(text);
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
