package com.amperityworkflowruns.transforms;

import com.amperityworkflowruns.model.WorkflowRun;
import java.util.Objects;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Files every run under the job's {@code --tenant}, the unit of replacement of every table: a run
 * whose own {@code tenant} field names another tenant (a sandbox may name itself differently), or
 * none, keeps that value in {@code raw_json} and is counted in {@code runs_other_tenant}, never
 * dropped. Step: {@code FileUnderTenant}.
 */
public final class FileUnderTenant extends PTransform<PCollection<WorkflowRun>, PCollection<WorkflowRun>> {
  private static final long serialVersionUID = 1L;
  /** Counter of runs whose own {@code tenant} field differs from the job's tenant. */
  public static final String OTHER_TENANT_COUNTER = "runs_other_tenant";

  private final String tenant;

  private FileUnderTenant(String tenant) {
    this.tenant = tenant;
  }

  /** Files runs under {@code tenant}. */
  public static FileUnderTenant of(String tenant) {
    if (tenant == null || tenant.isBlank()) {
      throw new IllegalArgumentException("FileUnderTenant needs the job's tenant");
    }
    return new FileUnderTenant(tenant);
  }

  @Override
  public PCollection<WorkflowRun> expand(PCollection<WorkflowRun> runs) {
    return runs.apply("FileUnderTenant", ParDo.of(new StampFn(tenant)));
  }

  static final class StampFn extends DoFn<WorkflowRun, WorkflowRun> {
    private final String tenant;
    private final Counter other = Metrics.counter(Names.NAMESPACE, OTHER_TENANT_COUNTER);

    StampFn(String tenant) {
      this.tenant = tenant;
    }

    @ProcessElement
    public void process(@Element WorkflowRun run, OutputReceiver<WorkflowRun> out) {
      if (Objects.equals(run.tenant, tenant)) {
        out.output(run);
        return;
      }
      other.inc();
      out.output(run.withTenant(tenant));
    }
  }
}
