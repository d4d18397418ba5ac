package com.amperityworkflowruns.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;

/** Deletes the launcher's own folders (resume spool, summary report), local or {@code gs://}. */
final class FileTrees {
  private FileTrees() {}

  /**
   * Deletes the folder and everything in it, and locally its parent when that is left empty; a
   * missing folder is fine.
   */
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
}
