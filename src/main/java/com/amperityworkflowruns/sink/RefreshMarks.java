package com.amperityworkflowruns.sink;

import com.amperityworkflowruns.publish.FileOps;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.publish.RefreshMark;
import com.amperityworkflowruns.publish.TableFile;
import java.io.IOException;
import java.time.LocalDate;
import java.util.TreeSet;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads a tenant's {@link RefreshMark} from a Parquet output: its {@code _refresh.json}, else
 * (an output from before the marks) the open days found in the published statistics files.
 */
public final class RefreshMarks {
  private RefreshMarks() {}

  /**
   * The tenant's mark. Without one (an output migrated from before tenants, or published by a
   * version without marks) it is computed from the published statistics, with {@code
   * endedThrough} unknown; null when the tenant has no published day.
   */
  public static @Nullable RefreshMark read(OutputLayout layout) throws IOException {
    return read(BeamFileOps.INSTANCE, layout);
  }

  static @Nullable RefreshMark read(FileOps fs, OutputLayout layout) throws IOException {
    String file = RefreshMark.path(layout);
    if (fs.exists(file)) {
      return RefreshMark.fromJson(fs.read(file), file);
    }
    return fromStatistics(fs, layout);
  }

  /** The open days from every published statistics file of the tenant (one small read a day). */
  static @Nullable RefreshMark fromStatistics(FileOps fs, OutputLayout layout) throws IOException {
    TreeSet<LocalDate> open = new TreeSet<>();
    boolean any = false;
    for (FileOps.FileInfo f : fs.list(layout.statsDir() + "*/*.parquet")) {
      TableFile file = TableFile.parse(layout.relativize(f.path));
      if (file == null || file.day == null || !file.belongsTo(layout)) {
        continue;
      }
      any = true;
      if (openRuns(f.path) > 0) {
        open.add(file.day);
      }
    }
    return any ? RefreshMark.of(null, open) : null;
  }

  private static long openRuns(String path) throws IOException {
    long open = 0;
    try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(
        new ParquetRowCounts.BeamInputFile(path)).build()) {
      for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
        Object v = r.get("open_runs");
        open += v == null ? 0 : ((Number) v).longValue();
      }
    }
    return open;
  }
}
