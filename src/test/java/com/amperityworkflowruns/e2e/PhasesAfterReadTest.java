package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.simulator.ApiSimulator;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The phases after the read are counted: the summary's line of them equals what the job wrote
 * (runs kept, their rows, the table files published, the days), so the same counters on Dataflow
 * and in the progress line say how far the job is.
 */
@Timeout(180)
class PhasesAfterReadTest {
  @TempDir Path tmp;

  @Test
  void givenABackfill_whenItEnds_thenTheSummaryCountsEveryPhaseAsWritten() {
    // Arrange: ~1,000 runs over 14 days, some malformed
    try (ApiSimulator sim = ApiSimulator.start(SimJob.tenant(1_000).badRecordRate(0.01).build())) {
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      Path out = tmp.resolve("out");
      Truth truth = Truth.of(sim.tenant(), SimJob.FROM, SimJob.TO);

      // Act
      JobRun job = JobRun.launch(SimJob.args(sim, token, out));

      // Assert
      assertThat(job.exitCode).as(job.toString()).isZero();
      Matcher m = Pattern.compile("after the read: ([\\d,]+) runs normalized \\(([\\d,]+) rejects\\),"
          + " ([\\d,]+) kept by deduplication, ([\\d,]+) rows in ([\\d,]+) table files,"
          + " ([\\d,]+) days published").matcher(job.out);
      assertThat(m.find()).as(job.out).isTrue();
      long parquetFiles = new OutputTables(out).files().stream()
          .filter(f -> f.endsWith(".parquet")).count();
      assertThat(n(m.group(2))).isEqualTo(truth.rejects.size());
      assertThat(n(m.group(3))).isEqualTo(truth.runs.size());
      assertThat(n(m.group(4))).isEqualTo(truth.runs.size());
      assertThat(n(m.group(5))).isEqualTo(parquetFiles);
      assertThat(n(m.group(6))).isEqualTo(14);
      assertThat(n(m.group(1))).isEqualTo(truth.runs.size() + job.duplicatesRemoved());
    }
  }

  private static long n(String figure) {
    return Long.parseLong(figure.replace(",", ""));
  }
}
