/**
 * The BigQuery output: the three tables' schemas ({@link
 * com.amperityworkflowruns.bigquery.BigQueryTables}, read from {@code bigquery/*.json}), the
 * transform that loads a job's rows into staging tables and replaces its days in one transaction
 * ({@link com.amperityworkflowruns.bigquery.BigQueryOutput}), and the seam in front of BigQuery's
 * table operations ({@link com.amperityworkflowruns.bigquery.TableStore}, real implementation
 * {@link com.amperityworkflowruns.bigquery.BigQueryTableStore}), and what BigQuery documents it
 * refuses or deletes later, checked before a job reads ({@link
 * com.amperityworkflowruns.bigquery.DatasetRules}, {@link
 * com.amperityworkflowruns.bigquery.BigQueryLimits}). The stream's rows and window barrier are
 * in {@code bigquery.stream}, which uses this package; this package must not use it.
 */
package com.amperityworkflowruns.bigquery;
