package com.amperityworkflowruns.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Options of the publish step: the shrink guard, the lease wait, report retention. */
public interface PublishOptions extends PipelineOptions {
  @Description("Publish even when a day would lose runs (the shrink guard refuses a day that had"
      + " runs and would get none, or lose more than 10% of them). Default: false.")
  @Default.Boolean(false)
  Boolean getAllowShrink();

  void setAllowShrink(Boolean value);

  @Description("How long to wait for another job publishing to the same output (ISO 8601"
      + " duration) before giving up with exit 1. Default: PT5M.")
  @Default.String("PT5M")
  String getLeaseWait();

  void setLeaseWait(String value);

  @Description("Report folders kept in {output}/_reports/ (the newest). Default: 10.")
  @Default.Integer(10)
  Integer getKeepReports();

  void setKeepReports(Integer value);
}
