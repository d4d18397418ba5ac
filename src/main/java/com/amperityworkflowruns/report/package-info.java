/**
 * The reliability report: one self-contained HTML page with charts (Apache ECharts, inlined),
 * built from an output's published Parquet tables.
 *
 * <p>Entry points: {@link com.amperityworkflowruns.report.ReliabilityReport} (build and write the
 * page), {@link com.amperityworkflowruns.report.WriteReport} (the job's last step) and {@link
 * com.amperityworkflowruns.report.ReportCommand} (the {@code report} command).
 */
package com.amperityworkflowruns.report;
