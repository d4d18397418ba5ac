package com.amperityworkflowruns.io;

import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import com.amperityworkflowruns.model.RawRun;

/** The small steps around the reader: seeding its one query, and turning pages into runs. */
final class ReadSteps {
  private ReadSteps() {}

  /** One element per run of a page, tagged with its shard's start date. */
  static final class ExplodePages extends DoFn<KV<String, List<String>>, RawRun> {
    @ProcessElement
    public void process(@Element KV<String, List<String>> page, OutputReceiver<RawRun> out) {
      for (String run : page.getValue()) {
        out.output(new RawRun(run, page.getKey()));
      }
    }
  }

  /** Emits the query once; Impulse then a DoFn avoids Create's split of its input. */
  static final class EmitQuery extends DoFn<byte[], RunsQuery> {
    private final RunsQuery query;

    EmitQuery(RunsQuery query) {
      this.query = query;
    }

    @ProcessElement
    public void process(OutputReceiver<RunsQuery> out) {
      out.output(query);
    }
  }

}
