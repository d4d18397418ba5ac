package com.amperityworkflowruns.sink;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs, streams and report recognize an output written before tenants and name {@code migrate}. */
class LegacyOutputTest {
  private static final String MIGRATE = "java -jar amperity-workflow-runs.jar migrate";

  @TempDir Path tmp;

  @Test
  void givenTheLegacyFixture_whenAJobChecksIt_thenOneLineNamesMigrateWithItsOutputAndTenant() {
    // Arrange
    Path out = LegacyFixture.copy(LegacyFixture.BATCH, tmp.resolve("out"));

    // Act + Assert
    assertThatThrownBy(() -> LegacyOutput.checkNotLegacy(out.toString(), "acme"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(MIGRATE + " --output=" + out + " --tenant=acme (")
        .hasMessageNotContaining("\n");
  }

  @Test
  void givenTheLegacyFixture_whenCheckedWithoutATenant_thenTheLineNamesTheTenantItsRunsName() {
    // Arrange
    Path out = LegacyFixture.copy(LegacyFixture.BATCH, tmp.resolve("out"));

    // Act + Assert
    assertThatThrownBy(() -> LegacyOutput.checkNotLegacy(out + "/", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(MIGRATE + " --output=" + out + " --tenant=" + LegacyFixture.TENANT
            + " ")
        .hasMessageNotContaining("\n");
  }

  @Test
  void givenOnlyALegacyStreamOutput_whenChecked_thenRefused() {
    // Arrange
    Path out = LegacyFixture.copy(LegacyFixture.STREAM, tmp.resolve("out"));

    // Act + Assert
    assertThatThrownBy(() -> LegacyOutput.checkNotLegacy(out.toString(), "acme"))
        .hasMessageContaining(MIGRATE + " --output=" + out + " --tenant=acme");
  }

  @Test
  void givenOnlyAnOldJobsPendingJournal_whenChecked_thenRefused() {
    // Arrange
    Path out = tmp.resolve("out");
    Fixtures.write(out.resolve("_journal/job-1.json"), "{}");

    // Act + Assert
    assertThatThrownBy(() -> LegacyOutput.checkNotLegacy(out.toString(), "acme"))
        .hasMessageContaining(MIGRATE);
  }

  @Test
  void givenAMigratedOutput_whenChecked_thenAccepted() throws Exception {
    // Arrange
    Path out = LegacyFixture.copy(LegacyFixture.BATCH, tmp.resolve("out"));
    LegacyMigration.of(out.toString(), LegacyFixture.TENANT).run();

    // Act + Assert
    assertThatCode(() -> LegacyOutput.checkNotLegacy(out.toString(), "acme"))
        .doesNotThrowAnyException();
  }

  @Test
  void givenAFolderNoJobWroteTo_whenChecked_thenAccepted() {
    // Arrange
    Path out = tmp.resolve("new");

    // Act + Assert
    assertThatCode(() -> LegacyOutput.checkNotLegacy(out.toString(), "acme"))
        .doesNotThrowAnyException();
  }
}
