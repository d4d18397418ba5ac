package com.amperityworkflowruns.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** The published table files of an output, by relative path, with a digest of their bytes. */
final class Snapshot {
  private Snapshot() {}

  static Map<String, String> published(Path output) {
    Map<String, String> files = new TreeMap<>();
    for (String f : new OutputTables(output).files()) {
      if (f.startsWith("workflow_runs/") || f.startsWith("workflow_type_stats/")
          || f.startsWith("rejects/")) {
        files.put(f, sha256(output.resolve(f)));
      }
    }
    return files;
  }

  private static String sha256(Path file) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
