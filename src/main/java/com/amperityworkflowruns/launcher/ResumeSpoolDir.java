package com.amperityworkflowruns.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Where a job keeps its read pages for {@code --resume}: {@code {output}/_resume/{range}-{hash}},
 * one folder per range and query, removed once the job's output is published.
 */
final class ResumeSpoolDir {
  private ResumeSpoolDir() {}

  static String of(JobSettings s) {
    String query =
        String.join(
            "|",
            s.baseUrl,
            s.tenant,
            String.valueOf(s.options.getState()),
            String.valueOf(s.options.getType()),
            s.options.getApiVersion());
    return s.output + "/_resume/" + s.fromDay + "_" + s.toDay + "-" + sha(query).substring(0, 12);
  }

  /** Deletes the folder and everything in it; a missing folder is fine. */
  static void delete(String dir) throws IOException {
    if (!dir.contains("://")) {
      Path root = Path.of(dir);
      if (Files.exists(root)) {
        try (Stream<Path> paths = Files.walk(root)) {
          for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
            Files.deleteIfExists(p);
          }
        }
      }
      Path parent = root.getParent();
      if (parent != null && Files.isDirectory(parent)) {
        try (Stream<Path> rest = Files.list(parent)) {
          if (rest.findAny().isEmpty()) {
            Files.deleteIfExists(parent);
          }
        }
      }
      return;
    }
    MatchResult match = FileSystems.match(dir + "/**");
    if (match.status() == MatchResult.Status.OK) {
      List<ResourceId> files = new ArrayList<>();
      for (MatchResult.Metadata m : match.metadata()) {
        files.add(m.resourceId());
      }
      FileSystems.delete(files);
    }
  }

  private static String sha(String text) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
