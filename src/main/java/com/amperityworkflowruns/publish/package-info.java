/**
 * The publish protocol shared by the Parquet and BigQuery outputs: where every file goes ({@link
 * com.amperityworkflowruns.publish.OutputLayout}), the journal and {@link
 * com.amperityworkflowruns.publish.Publisher} that replaces days atomically and recovers, the
 * leases and their stores, the shrink guard, the output's filter and refresh mark, and clean-up.
 *
 * <p>Plain Java. It must not import Beam: files are reached through {@link
 * com.amperityworkflowruns.publish.FileOps}, whose product implementation (Beam's file systems)
 * the {@code sink} package registers. Nothing here writes Parquet or knows a pipeline.
 */
package com.amperityworkflowruns.publish;
