package com.amperityworkflowruns.publish;

import java.io.IOException;
import java.time.LocalDate;
import java.util.Map;

/**
 * How many runs an output holds per day, read from metadata only: the shrink guard's view of the
 * published data. {@link com.amperityworkflowruns.sink.ParquetRowCounts} reads Parquet footers; the
 * BigQuery output reads its
 * partitions' row counts through its table store.
 */
public interface PublishedRowCounts {
  /** Runs per day of {@code [fromDay, toDay)}; a day without runs may be absent or 0. */
  Map<LocalDate, Long> runsPerDay(LocalDate fromDay, LocalDate toDay) throws IOException;
}
