package com.amperityworkflowruns.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Local copies of the outputs written by the code before tenants (commit 4e33f2a), checked in
 * below {@code src/test/resources/} (see {@code sink/LegacyFixture} for how they were made).
 */
public final class LegacyOutputs {
  /** {@code legacy-output/}: 297 runs of tenant {@link #TENANT} over 2024-01-01..2024-04-01. */
  public static final String BATCH = "legacy-output";
  /** {@code legacy-stream-output/}: a stream of 2024-03-31 00:00-04:00 and its window markers. */
  public static final String STREAM = "legacy-stream-output";
  /** The tenant whose runs they hold (their runs' tenant column). */
  public static final String TENANT = "acme-demo";

  private LegacyOutputs() {}

  /** Copies fixture {@code name} into {@code dir} (created), keeping relative names. */
  public static Path copy(String name, Path dir) {
    return copy(name, dir, relative -> true);
  }

  /** Copies the files of fixture {@code name} whose relative names pass {@code keep}. */
  public static Path copy(String name, Path dir, Predicate<String> keep) {
    Path from = source(name);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String relative = from.relativize(f).toString();
        if (keep.test(relative)) {
          Path to = dir.resolve(relative);
          Files.createDirectories(to.getParent());
          Files.copy(f, to);
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where fixture {@code name} is on disk. */
  public static Path source(String name) {
    try {
      return Path.of(LegacyOutputs.class.getResource("/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
