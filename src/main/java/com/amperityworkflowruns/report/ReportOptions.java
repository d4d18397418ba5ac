package com.amperityworkflowruns.report;

import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The command line of {@code report}: {@code report --output=DIR [--tenant=T] [--from=DATE]
 * [--to=DATE]}.
 * Other Beam options (e.g. {@code --project}, {@code --gcpCredential}) configure the file system
 * of a {@code gs://} output.
 */
public interface ReportOptions extends PipelineOptions {
  @Description("The output folder of the job (local directory or gs://bucket/prefix). Required.")
  String getOutput();

  void setOutput(String value);

  @Description("The tenant whose report to build (report-TENANT.html). Default: every tenant of"
      + " the output, one report each.")
  String getTenant();

  void setTenant(String value);

  @Description("First day of the report, YYYY-MM-DD (UTC). Default: the first published day.")
  String getFrom();

  void setFrom(String value);

  @Description("Day after the last day of the report, YYYY-MM-DD (UTC), exclusive like"
      + " --createdTo. Default: the day after the last published day.")
  String getTo();

  void setTo(String value);
}
