package com.amperityworkflowruns.launcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/** Fails before any request when the output location cannot be written. */
final class OutputCheck {
  private OutputCheck() {}

  static void ensureWritable(String output) {
    ResourceId probe =
        FileSystems.matchNewResource(output + "/_probe-" + UUID.randomUUID(), false);
    try {
      if (probe.getScheme().equals("file")) {
        java.nio.file.Files.createDirectories(java.nio.file.Path.of(output));
      }
      try (WritableByteChannel ch = FileSystems.create(probe, MimeTypes.BINARY)) {
        ch.write(ByteBuffer.wrap(new byte[] {1}));
      }
      FileSystems.delete(List.of(probe));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot write to --output=" + output + " (" + e.getClass().getSimpleName() + ": "
              + e.getMessage() + "): choose a writable directory or bucket", e);
    }
  }
}
