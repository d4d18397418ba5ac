package com.amperityworkflowruns.launcher;

import com.amperityworkflowruns.options.WorkflowRunsOptions;
import com.amperityworkflowruns.publish.OutputFilter;
import com.amperityworkflowruns.publish.PublishHook;
import com.amperityworkflowruns.publish.PublishPolicy;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/** The publish policy of a job, from its options: validated before anything is read. */
final class PublishSettings {
  private PublishSettings() {}

  /**
   * The policy of job {@code s}, deleting {@code spoolDir} once published.
   *
   * @throws IllegalArgumentException with a one-line, actionable message
   */
  static PublishPolicy policy(JobSettings s, String spoolDir, PublishHook hook) {
    WorkflowRunsOptions o = s.options;
    Duration leaseWait;
    try {
      leaseWait = Duration.parse(o.getLeaseWait());
    } catch (DateTimeParseException | NullPointerException e) {
      throw new IllegalArgumentException("--leaseWait must be an ISO 8601 duration such as PT5M,"
          + " got '" + o.getLeaseWait() + "'");
    }
    if (leaseWait.isNegative()) {
      throw new IllegalArgumentException("--leaseWait must not be negative, got " + leaseWait);
    }
    if (o.getKeepReports() == null || o.getKeepReports() < 1) {
      throw new IllegalArgumentException(
          "--keepReports must be a whole number >= 1, got " + o.getKeepReports());
    }
    return PublishPolicy.defaults()
        .withFilter(OutputFilter.of(o.getState(), o.getType()))
        .withAllowShrink(Boolean.TRUE.equals(o.getAllowShrink()))
        .withLeaseWait(leaseWait)
        .withKeepReports(o.getKeepReports())
        .withResumeSpool(spoolDir)
        .withRerunArgs(rerunArgs(s))
        .withHook(hook);
  }

  /** The options that read the same query into the same output, without credentials or range. */
  static String rerunArgs(JobSettings s) {
    WorkflowRunsOptions o = s.options;
    StringBuilder b = new StringBuilder("--tenant=" + s.tenant);
    if (o.getBaseUrl() != null) {
      b.append(" --baseUrl=").append(s.baseUrl);
    }
    if (o.getState() != null) {
      b.append(" --state=").append(quoted(o.getState()));
    }
    if (o.getType() != null) {
      b.append(" --type=").append(quoted(o.getType()));
    }
    return b.append(" --output=").append(quoted(s.output)).toString();
  }

  private static String quoted(String v) {
    return v.matches("[A-Za-z0-9_./:=@+-]+") ? v : "'" + v.replace("'", "'\\''") + "'";
  }
}
