/**
 * The Parquet output: {@link com.amperityworkflowruns.sink.WriteTables} and {@link
 * com.amperityworkflowruns.sink.WriteStreamTables} write the tables to a staging folder, {@link
 * com.amperityworkflowruns.sink.PublishOutput} publishes them through {@link
 * com.amperityworkflowruns.sink.GuardedPublish} (the {@code publish} protocol under the lease,
 * with Parquet row counts), plus the stream's window records and the migration of outputs from
 * before tenants.
 *
 * <p>Beam transforms and Parquet files only: the publish protocol itself lives in {@code
 * publish}, which must not depend on this package.
 */
package com.amperityworkflowruns.sink;
