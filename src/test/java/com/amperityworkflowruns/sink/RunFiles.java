package com.amperityworkflowruns.sink;

import com.amperityworkflowruns.publish.OutputLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;

/** Real Parquet run files (the shrink guard reads their footers), staged for a job. */
final class RunFiles {
  private RunFiles() {}

  /** Writes {@code runs} runs of {@code day} as job {@code jobId}'s staged run file; its path. */
  static String stage(OutputLayout layout, String jobId, LocalDate day, int runs) {
    String path = layout.stagingDir(jobId) + "workflow_runs/created_date=" + day + "/part-"
        + jobId + "-00000-of-00001.parquet";
    write(Path.of(path), day, runs, jobId);
    return path;
  }

  /** Stages run files for each day of {@code [from, to)} with {@code runs} runs each. */
  static List<String> stageDays(OutputLayout layout, String jobId, LocalDate from, LocalDate to,
      int runs) {
    List<String> staged = new ArrayList<>();
    for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
      staged.add(stage(layout, jobId, d, runs));
    }
    return staged;
  }

  static void write(Path file, LocalDate day, int runs, String idPrefix) {
    try {
      Files.createDirectories(file.getParent());
      Files.deleteIfExists(file);
      try (ParquetWriter<GenericRecord> w = AvroParquetWriter.<GenericRecord>builder(
          new LocalOutputFile(file)).withSchema(AvroSchemas.RUNS).build()) {
        for (int i = 0; i < runs; i++) {
          w.write(AvroSchemas.toRecord(Fixtures.fullRun(idPrefix + "-" + day + "-" + i,
              day.toString(), day.toEpochDay() * 86_400_000_000L + i)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
