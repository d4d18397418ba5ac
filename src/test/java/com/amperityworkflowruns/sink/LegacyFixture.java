package com.amperityworkflowruns.sink;

import com.amperityworkflowruns.publish.FileOps;
import com.amperityworkflowruns.testing.LegacyOutputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Outputs written by the code of commit 4e33f2a (one tenant, the layout before tenants), checked
 * in below {@code src/test/resources/}, copied for a test to change ({@link LegacyOutputs}), and
 * moved to and from other Beam file systems.
 *
 * <ul>
 *   <li>{@link #BATCH} {@code legacy-output/}: {@code java -jar amperity-workflow-runs.jar
 *       --embeddedSimulator=true --simulatorRuns=300 --simulatorLatencyMs=0-5 --tenant=acme-demo
 *       --createdFrom=2024-01-01 --createdTo=2024-04-01}: 297 runs on 83 days, stats of those
 *       days, rejects on 2024-01-21 and 2024-03-02 and one undated reject (its {@code
 *       report.html}, 1 MB, left out).
 *   <li>{@link #STREAM} {@code legacy-stream-output/}: the same version's {@code --mode=stream}
 *       on the live embedded simulator ({@code --simulatorRuns=5000 --simulatorClock=2024-03-31T03:00:00Z
 *       --simulatorSpeed=120 --followFrom=2024-03-31T00:00:00Z --stopAt=2024-03-31T04:00:00Z
 *       --statsWindow=PT1H}): one finished run and its hourly stats, four window markers.
 * </ul>
 */
final class LegacyFixture {
  static final String BATCH = LegacyOutputs.BATCH;
  static final String STREAM = LegacyOutputs.STREAM;
  /** The tenant whose runs the fixtures hold (their runs' tenant column). */
  static final String TENANT = LegacyOutputs.TENANT;

  private LegacyFixture() {}

  /** Copies fixture {@code name} into {@code dir} (created), keeping relative names. */
  static Path copy(String name, Path dir) {
    return LegacyOutputs.copy(name, dir);
  }

  /** Copies the files of fixture {@code name} whose relative names pass {@code keep}. */
  static Path copy(String name, Path dir, Predicate<String> keep) {
    return LegacyOutputs.copy(name, dir, keep);
  }

  /** Copies every file below the local {@code dir} to the same names below {@code root}. */
  static void upload(Path dir, String root) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        BeamFileOps.INSTANCE.write(root + "/" + dir.relativize(f), Files.readAllBytes(f));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies every file below {@code root} (any Beam file system) into the local {@code dir}. */
  static Path download(String root, Path dir) {
    try {
      for (FileOps.FileInfo f : BeamFileOps.INSTANCE.list(root + "/**")) {
        Path to = dir.resolve(f.path.substring(root.length() + 1));
        Files.createDirectories(to.getParent());
        Files.write(to, BeamFileOps.INSTANCE.read(f.path));
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The relative names of the files of fixture {@code name}. */
  static List<String> names(String name) {
    return List.copyOf(Fixtures.files(LegacyOutputs.source(name)).keySet());
  }
}
