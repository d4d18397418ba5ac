package com.amperityworkflowruns.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * Small JSON notes a job keeps in its resume spool ({@link ResumeSpoolDir}) so that {@code
 * --resume} repeats the interrupted attempt's decisions (its page size, its refreshed days): the
 * pages already kept were read under them. Any file system Beam knows; removed with the spool.
 */
final class SpoolNotes {
  static final ObjectMapper JSON = new ObjectMapper();

  private SpoolNotes() {}

  /** The note {@code name} of {@code spoolDir}, if it was written. */
  static Optional<JsonNode> read(String spoolDir, String name) throws IOException {
    String path = path(spoolDir, name);
    MatchResult m = FileSystems.match(List.of(path), EmptyMatchTreatment.ALLOW).get(0);
    if (m.status() != MatchResult.Status.OK || m.metadata().isEmpty()) {
      return Optional.empty();
    }
    try (InputStream in = Channels.newInputStream(FileSystems.open(m.metadata().get(0).resourceId()))) {
      return Optional.of(JSON.readTree(in));
    }
  }

  /** Writes (or replaces) the note {@code name} of {@code spoolDir}. */
  static void write(String spoolDir, String name, ObjectNode note) throws IOException {
    try (OutputStream out = Channels.newOutputStream(FileSystems.create(
        FileSystems.matchNewResource(path(spoolDir, name), false), MimeTypes.TEXT))) {
      out.write(JSON.writeValueAsBytes(note));
    }
  }

  private static String path(String spoolDir, String name) {
    return spoolDir.endsWith("/") ? spoolDir + name : spoolDir + "/" + name;
  }
}
