package com.amperityworkflowruns.publish;

import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * The product's {@link FileOps}: the one implementation registered in {@code
 * META-INF/services/com.amperityworkflowruns.publish.FileOps} (the sink's {@code BeamFileOps},
 * Beam's {@code FileSystems}, so that local paths and {@code gs://} behave alike). Found once,
 * through {@link ServiceLoader}, so that this package needs no Beam, as Beam finds its own file
 * systems.
 */
final class StandardFileOps {
  static final FileOps INSTANCE = load();

  private StandardFileOps() {}

  private static FileOps load() {
    Iterator<FileOps> found =
        ServiceLoader.load(FileOps.class, FileOps.class.getClassLoader()).iterator();
    if (!found.hasNext()) {
      throw new IllegalStateException("no FileOps registered in META-INF/services/"
          + FileOps.class.getName() + ": the sink package's jar registers Beam's file systems");
    }
    return found.next();
  }
}
