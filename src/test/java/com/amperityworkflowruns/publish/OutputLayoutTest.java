package com.amperityworkflowruns.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class OutputLayoutTest {
  private static final LocalDate DAY = LocalDate.parse("2024-05-01");

  @Test
  void gcsPrefix_buildsEveryPathBelowIt() {
    OutputLayout layout = OutputLayout.of("gs://bucket/runs//out/");

    assertThat(layout.root()).isEqualTo("gs://bucket/runs/out");
    assertThat(layout.runsPartition(DAY))
        .isEqualTo("gs://bucket/runs/out/workflow_runs/created_date=2024-05-01/");
    assertThat(layout.statsFile(DAY))
        .isEqualTo("gs://bucket/runs/out/workflow_type_stats/2024-05-01.parquet");
    assertThat(layout.rejectsFile(DAY))
        .isEqualTo("gs://bucket/runs/out/rejects/2024-05-01.parquet");
    assertThat(layout.stagingDir("job-1")).isEqualTo("gs://bucket/runs/out/_staging/job-1/");
    assertThat(layout.staging("job-1").statsFile(DAY))
        .isEqualTo("gs://bucket/runs/out/_staging/job-1/workflow_type_stats/2024-05-01.parquet");
    assertThat(layout.journalFile("job-1")).isEqualTo("gs://bucket/runs/out/_journal/job-1.json");
  }

  @Test
  void bucketRootAndLocalDirectory_bothWork() {
    assertThat(OutputLayout.of("gs://bucket").rejectsDir()).isEqualTo("gs://bucket/rejects/");
    assertThat(OutputLayout.of("/data/out/").journalDir()).isEqualTo("/data/out/_journal/");
    assertThat(OutputLayout.of("/data/out").relativize("/data/out/rejects/2024-05-01.parquet"))
        .isEqualTo("rejects/2024-05-01.parquet");
  }

  @Test
  void relativeOutputOrUnsafeJobId_isRefusedWithTheFix() {
    assertThatThrownBy(() -> OutputLayout.of("out")).hasMessageContaining("must be absolute");
    assertThatThrownBy(() -> OutputLayout.of(" ")).hasMessageContaining("output is required");
    assertThatThrownBy(() -> OutputLayout.of("/o").stagingDir("../x"))
        .hasMessageContaining("jobId must be");
    assertThatThrownBy(() -> OutputLayout.of("/o").relativize("/elsewhere/x"))
        .hasMessageContaining("not below the output root");
  }
}
