package com.amperityworkflowruns.check;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A write-and-delete probe of an object-store location through Beam's file systems: the only
 * thing {@code check} writes, and it deletes it. File systems must be registered from the options
 * first ({@code FileSystems.setDefaultPipelineOptions}).
 */
final class ObjectProbe {
  private ObjectProbe() {}

  /** Whether {@code location} is in an object store (gs://, or any scheme but a local file). */
  static boolean isObjectStore(String location) {
    return location.contains("://") && !location.startsWith("file://");
  }

  /** The bucket of {@code scheme://bucket/path}. */
  static String bucket(String location) {
    String rest = location.substring(location.indexOf("://") + 3);
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  /** Writes one byte to a new object below {@code location} and deletes it; null when it worked. */
  static @Nullable String writeAndDelete(String location) {
    String base = location.endsWith("/") ? location : location + "/";
    ResourceId probe;
    try {
      probe = FileSystems.matchNewResource(base + "_check-probe-" + UUID.randomUUID(), false);
    } catch (IllegalArgumentException e) {
      return "no file system for " + location.substring(0, location.indexOf("://") + 3)
          + " here";
    }
    try {
      try (WritableByteChannel ch = FileSystems.create(probe, MimeTypes.BINARY)) {
        ch.write(ByteBuffer.wrap(new byte[] {1}));
      }
    } catch (IOException | RuntimeException e) {
      return "a probe object could not be written (" + CheckDeadline.firstLine(e) + ")";
    }
    try {
      FileSystems.delete(List.of(probe));
    } catch (IOException | RuntimeException e) {
      return "a probe object was written but could not be deleted: delete " + probe + " ("
          + CheckDeadline.firstLine(e) + ")";
    }
    return null;
  }
}
