package com.amperityworkflowruns.launcher.commands;

import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The command line of {@code migrate}: {@code migrate --output=DIR --tenant=T}. Other Beam options
 * (e.g. {@code --project}, {@code --gcpCredential}) configure the file system of a {@code gs://}
 * output.
 */
public interface MigrateOptions extends PipelineOptions {
  @Description("The output to move to the per-tenant layout (local directory or"
      + " gs://bucket/prefix). Required.")
  String getOutput();

  void setOutput(String value);

  @Description("The tenant whose runs the output holds: its files are filed under this tenant."
      + " Required.")
  String getTenant();

  void setTenant(String value);
}
