package com.amperityworkflowruns.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.util.CoderUtils;

/**
 * Bytes written by a coder of stream state, checked in below {@code src/test/resources/coders/},
 * so that a test decodes what a running job wrote with an earlier build. A fixture is written once,
 * when its format is released (each coder test's {@code main}), and never rewritten: a change that
 * cannot read it any more is a change of format, which needs a new version.
 */
public final class CoderFixtures {
  /** Where the fixtures are written, from the project's folder. */
  public static final Path DIR = Path.of("src/test/resources/coders");

  private CoderFixtures() {}

  /** Writes {@code value} as fixture {@code name}, unless that fixture exists already. */
  public static <T> void write(String name, Coder<T> coder, T value) throws IOException {
    Path file = DIR.resolve(name + ".bin");
    if (Files.exists(file)) {
      System.out.println("kept " + file + " (a released format's fixture is never rewritten)");
      return;
    }
    Files.createDirectories(DIR);
    Files.write(file, CoderUtils.encodeToByteArray(coder, value));
    System.out.println("wrote " + file);
  }

  /** The fixture {@code name} decoded with {@code coder}; every byte must be consumed. */
  public static <T> T read(String name, Coder<T> coder) throws IOException {
    try (InputStream in = CoderFixtures.class.getResourceAsStream("/coders/" + name + ".bin")) {
      if (in == null) {
        throw new IOException("no fixture coders/" + name + ".bin on the test class path");
      }
      return CoderUtils.decodeFromByteArray(coder, in.readAllBytes());
    }
  }

  /** The bytes of a value in format {@code format} with nothing after the format number. */
  public static byte[] formatOnly(int format) throws IOException {
    return CoderUtils.encodeToByteArray(org.apache.beam.sdk.coders.VarIntCoder.of(), format);
  }
}
