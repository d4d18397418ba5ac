package com.amperityworkflowruns.launcher.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.bigquery.DatasetRef;
import com.amperityworkflowruns.bigquery.FakeBigQuery;
import com.amperityworkflowruns.launcher.Launcher;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code migrate --format=bigquery}: bad input is one line and exit 2; an empty dataset is 0. */
class BigQueryMigrateCommandTest {
  private static final DatasetRef DATASET = DatasetRef.parse("test-project:migrate_cmd");

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      return new BigQueryMigrateCommand(o, e, FakeBigQuery.backend()).run(args);
    }
  }

  private String errText() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void withoutATenant_exits2WithOneLineNamingTheOption() {
    FakeBigQuery.reset(DATASET);

    int code = run("--format=bigquery", "--bigqueryDataset=" + DATASET);

    assertThat(code).isEqualTo(Launcher.BAD_INPUT);
    assertThat(errText().strip()).startsWith("error: --tenant is required").doesNotContain("\n");
  }

  @Test
  void withAnOptionOfTheJob_exits2NamingTheOptionsItTakes() {
    FakeBigQuery.reset(DATASET);

    int code = run("--format=bigquery", "--bigqueryDataset=" + DATASET, "--tenant=acme",
        "--fromDate=2024-01-01");

    assertThat(code).isEqualTo(Launcher.BAD_INPUT);
    assertThat(errText()).contains("--fromDate=2024-01-01").contains("--bigqueryDataset");
  }

  @Test
  void ofAMissingDataset_exits2SayingSo() {
    FakeBigQuery.resetWithoutDatasets();

    int code = run("--format=bigquery", "--bigqueryDataset=" + DATASET, "--tenant=acme");

    assertThat(code).isEqualTo(Launcher.BAD_INPUT);
    assertThat(errText()).contains("does not exist");
  }

  @Test
  void ofAnEmptyDataset_exits0WithNothingToMigrate() {
    FakeBigQuery.reset(DATASET);

    int code = run("--format=bigquery", "--bigqueryDataset=" + DATASET, "--tenant=acme");

    assertThat(code).as(errText()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("nothing to migrate");
  }

  @Test
  void selectedBy_needsMigrateFirstAndTheBigQueryFormat() {
    assertThat(BigQueryMigrateCommand.selectedBy(new String[] {"migrate", "--format=bigquery"}))
        .isTrue();
    assertThat(BigQueryMigrateCommand.selectedBy(new String[] {"migrate", "--output=/x"}))
        .isFalse();
    assertThat(BigQueryMigrateCommand.selectedBy(new String[] {"--format=bigquery"})).isFalse();
  }
}
