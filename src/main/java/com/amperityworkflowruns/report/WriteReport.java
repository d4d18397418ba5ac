package com.amperityworkflowruns.report;

import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's last step: once the publish has emitted its result, rebuilds the job's tenant's
 * report {@code {output}/report-{tenant}.html} over every published day of that tenant (other
 * tenants' reports are left alone). Runs where the publish ran (a Dataflow worker included), so a
 * job submitted to Dataflow writes its report too.
 *
 * <pre>{@code
 * published.apply("WriteReport", WriteReport.of(output, tenant));
 * }</pre>
 *
 * <p>The data is published by then, so a report that cannot be built does not fail the job (a
 * retried bundle would not change that, and a failed job would hide a successful publish): the
 * step logs why, counts {@value #FAILED} instead of {@value #WRITTEN} (namespace {@value
 * #NAMESPACE}), and {@code report --output=... --tenant=...} rebuilds the page later.
 */
public final class WriteReport<T> extends PTransform<PCollection<T>, PDone> {
  private static final long serialVersionUID = 1L;
  /** The counters' namespace, the job's. */
  public static final String NAMESPACE = "amperity";
  /** Counter of reports written. */
  public static final String WRITTEN = "reports_written";
  /** Counter of reports that could not be built or written. */
  public static final String FAILED = "reports_failed";

  private final String output;
  private final String tenant;

  private WriteReport(String output, String tenant) {
    this.output = output;
    this.tenant = tenant;
  }

  /**
   * Writes the report of tenant {@code tenant} of {@code output} after each element of the input
   * (the publish result).
   */
  public static <T> WriteReport<T> of(String output, String tenant) {
    ReliabilityReport.of(output, tenant);
    return new WriteReport<>(output, tenant);
  }

  @Override
  public PDone expand(PCollection<T> published) {
    published.apply("BuildReport", ParDo.of(new WriteFn<T>(output, tenant)));
    return PDone.in(published.getPipeline());
  }

  static final class WriteFn<T> extends DoFn<T, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(WriteReport.class);
    private final Counter written = Metrics.counter(NAMESPACE, WRITTEN);
    private final Counter failed = Metrics.counter(NAMESPACE, FAILED);
    private final String output;
    private final String tenant;

    WriteFn(String output, String tenant) {
      this.output = output;
      this.tenant = tenant;
    }

    @ProcessElement
    public void process() {
      try {
        ReliabilityReport.of(output, tenant).write();
        written.inc();
      } catch (Exception e) {
        LOG.warn("the report of tenant {} of {} could not be written; rebuild it with:"
            + " report --output={} --tenant={}: {}", tenant, output, output, tenant, e.toString());
        failed.inc();
      }
    }
  }
}
