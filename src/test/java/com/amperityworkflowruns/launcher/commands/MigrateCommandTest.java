package com.amperityworkflowruns.launcher.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.testing.LegacyOutputs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code migrate --output=DIR --tenant=T}: its exit codes and the lines it prints. */
class MigrateCommandTest {
  private static final String T = LegacyOutputs.TENANT;

  @TempDir Path tmp;

  /** One run of the command: exit code, standard output, error lines. */
  private record Run(int code, String out, List<String> errLines) {}

  private static Run migrate(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = new MigrateCommand(o, e, Map.of()).run(args);
    }
    return new Run(code, out.toString(StandardCharsets.UTF_8),
        Arrays.stream(err.toString(StandardCharsets.UTF_8).split("\\R"))
            .filter(l -> !l.isBlank()).toList());
  }

  private static List<String> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted()
          .toList();
    }
  }

  @Test
  void givenALegacyOutput_whenMigrated_thenExitsZeroAndSaysWhereItsFilesWent() throws Exception {
    // Arrange
    Path out = LegacyOutputs.copy(LegacyOutputs.BATCH, tmp.resolve("out"));

    // Act
    Run run = migrate("--output=" + out, "--tenant=" + T);

    // Assert
    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.errLines()).isEmpty();
    assertThat(run.out()).startsWith("migrated " + out + " to tenant " + T + ": 169 data files of"
        + " 83 day(s), 2024-01-01 to 2024-03-31");
    assertThat(files(out)).allMatch(f -> f.contains("/tenant=" + T + "/"));
  }

  @Test
  void givenAMigratedOutput_whenMigratedAgain_thenExitsZeroSayingThereIsNothingToMigrate()
      throws Exception {
    // Arrange
    Path out = LegacyOutputs.copy(LegacyOutputs.BATCH, tmp.resolve("out"));
    migrate("--output=" + out + "/", "--tenant=" + T);
    List<String> migrated = files(out);

    // Act
    Run again = migrate("--output=" + out, "--tenant=" + T);

    // Assert
    assertThat(again.code()).as(again.toString()).isZero();
    assertThat(again.out()).startsWith("nothing to migrate: " + out);
    assertThat(files(out)).isEqualTo(migrated);
  }

  static Stream<Arguments> badCommandLines() {
    return Stream.of(
        Arguments.of("no --output", List.of("--tenant=acme"), "--output is required"),
        Arguments.of("no --tenant", List.of("--output=OUT"), "--tenant is required"),
        Arguments.of("a tenant that is no folder name", List.of("--output=OUT", "--tenant=a/b"),
            "tenant must be"),
        Arguments.of("an option of the job", List.of("--output=OUT", "--tenant=acme",
            "--createdFrom=2024-01-01"), "--createdFrom is an option of the job, not of migrate"),
        Arguments.of("an option no command has", List.of("--output=OUT", "--tenant=acme",
            "--tenantt=acme"), "--tenantt"),
        Arguments.of("a folder no job wrote to", List.of("--output=EMPTY", "--tenant=acme"),
            "is not an output of this job"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCommandLines")
  void givenBadOptions_whenMigrateRuns_thenExitsTwoWithOneLineAndChangesNothing(
      String name, List<String> args, String expected) throws Exception {
    // Arrange
    Path out = LegacyOutputs.copy(LegacyOutputs.BATCH, tmp.resolve("out"));
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    List<String> before = files(out);
    String[] line = args.stream().map(a -> a.replace("OUT", out.toString())
        .replace("EMPTY", empty.toString())).toArray(String[]::new);

    // Act
    Run run = migrate(line);

    // Assert
    assertThat(run.code()).as(run.toString()).isEqualTo(2);
    assertThat(run.errLines()).as(run.toString()).singleElement().asString()
        .startsWith("error: ").contains(expected);
    assertThat(files(out)).isEqualTo(before);
  }
}
