package com.amperityworkflowruns.e2e;

import com.amperityworkflowruns.bench.MemObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An output location on the test's in-memory file system, and a local copy to read it back. */
final class MemOutput implements AutoCloseable {
  final String location;

  MemOutput() {
    this.location = "mem://bucket-" + UUID.randomUUID().toString().substring(0, 8) + "/amperity/runs";
  }

  /** Every object the job left below the output, by name relative to it. */
  List<String> names() {
    return MemObjectStore.objects(location + "/").keySet().stream()
        .map(k -> k.substring(location.length() + 1))
        .toList();
  }

  /** Copies every object below the output into {@code dir}, keeping relative names. */
  Path copyTo(Path dir) {
    try {
      for (Map.Entry<String, byte[]> e : MemObjectStore.objects(location + "/").entrySet()) {
        Path target = dir.resolve(e.getKey().substring(location.length() + 1));
        Files.createDirectories(target.getParent());
        Files.write(target, e.getValue());
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Frees the objects. */
  @Override
  public void close() {
    MemObjectStore.deleteAll(location + "/");
  }
}
