package com.amperityworkflowruns.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --help} prints the tool's own usage on one screen; Beam's help has options of its own. */
class UsageTest {
  /** One run of the launcher: exit code, standard output, error output. */
  private record Run(int code, String out, String err) {
    List<String> outLines() {
      return Arrays.asList(out.split("\\R"));
    }
  }

  private static Run launch(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = new Launcher(o, e, Map.of(), Clock.systemUTC()).run(args);
    }
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void givenHelp_whenLaunched_thenPrintsTheToolsUsageOnOneScreenAndExitsZero() {
    // Act
    Run run = launch("--help");

    // Assert
    assertThat(run.code).as(run.err).isZero();
    assertThat(run.outLines()).as("lines on one screen").hasSizeLessThanOrEqualTo(45);
    assertThat(run.outLines()).as("fits 100 columns").allMatch(l -> l.length() <= 100);
    assertThat(run.out)
        .contains("check ", "report ", "migrate ", "run a job")
        .contains(" check --pipeline=", " report --output=", " migrate --output=",
            "--pipeline=pipelines/demo.yaml", "--createdFrom=2024-01-01")
        .contains("--help=WorkflowRunsOptions", Usage.BEAM_HELP)
        .doesNotContain("DataflowPipelineOptions", "FirestoreOptions", "PubsubOptions");
  }

  @Test
  void givenHelp_whenPrinted_thenEveryListedOptionShowsTheDefaultItsAnnotationSets() {
    // Act
    Run run = launch("-h");

    // Assert: each option row carries the default the options interface really has
    assertThat(Usage.options()).contains("tenant", "output", "pageSize", "rateLimit", "format");
    for (String option : Usage.options()) {
      assertThat(run.outLines())
          .as("row of --%s", option)
          .anyMatch(l -> l.startsWith("  --" + option + "=")
              && l.stripTrailing().endsWith(" " + Usage.defaultOf(option)));
    }
    assertThat(Usage.defaultOf("rateLimit")).isEqualTo("10");
    assertThat(Usage.defaultOf("format")).isEqualTo("parquet");
  }

  @Test
  void givenHelpNamingTheOptionsClass_whenLaunched_thenPrintsBeamsDescriptionOfEveryOption() {
    // Act
    Run run = launch("--help=WorkflowRunsOptions");

    // Assert
    assertThat(run.code).as(run.err).isZero();
    assertThat(run.out).contains("--maxChainPages", "--readAheadPages", "--simulatorRuns");
  }

  @Test
  void givenBeamHelp_whenLaunched_thenListsBeamsRegisteredOptionClasses() {
    // Act
    Run run = launch(Usage.BEAM_HELP);

    // Assert
    assertThat(run.code).as(run.err).isZero();
    assertThat(run.out).contains("WorkflowRunsOptions", "DirectOptions");
  }

  @Test
  void givenHelpNamingNoClass_whenLaunched_thenOneErrorLineAndExitTwo() {
    // Act
    Run run = launch("--help=NoSuchOptions");

    // Assert
    assertThat(run.code).isEqualTo(2);
    assertThat(run.err.strip()).startsWith("error: --help=NoSuchOptions").doesNotContain("\n");
  }
}
