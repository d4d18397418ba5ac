/**
 * Writes the three Parquet tables to a staging folder and publishes them atomically per day.
 *
 * <p>Entry points: {@link com.amperityworkflowruns.sink.WriteTables} (staged Parquet files),
 * {@link com.amperityworkflowruns.sink.PublishOutput} (the journaled publish step) and {@link
 * com.amperityworkflowruns.sink.Publisher} (the same publish logic without a pipeline, plus
 * {@code recover}). {@link com.amperityworkflowruns.sink.OutputLayout} is the one place that knows
 * where every file goes.
 */
package com.amperityworkflowruns.sink;
