package com.amperityworkflowruns.io;

import com.amperityworkflowruns.model.RawRun;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Impulse;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/** The steps of a read: seeding its one query, reading its pages, and turning pages into runs. */
final class ReadSteps {
  private ReadSteps() {}

  /**
   * The steps of {@link RunsApiIO.Read#expand}, named as they are known in Dataflow's UI and
   * metrics ({@code Start}, {@code Query}, {@code ReadPages}, {@code ExplodePages}): keep the
   * names stable, a Dataflow update matches steps by name.
   */
  static PCollection<RawRun> read(PBegin input, ReadConfig config, RunsQuery query) {
    return input
        .apply("Start", Impulse.create())
        .apply("Query", ParDo.of(new EmitQuery(query, config.pageSize)))
        .apply("ReadPages", ParDo.of(new ReadRunsFn(config)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ListCoder.of(StringUtf8Coder.of())))
        .apply("ExplodePages", ParDo.of(new ExplodePages()));
  }

  /** One element per run of a page, tagged with its shard's start date. */
  static final class ExplodePages extends DoFn<KV<String, List<String>>, RawRun> {
    @ProcessElement
    public void process(@Element KV<String, List<String>> page, OutputReceiver<RawRun> out) {
      for (String run : page.getValue()) {
        out.output(new RawRun(run, page.getKey()));
      }
    }
  }

  /**
   * Emits the query once; Impulse then a DoFn avoids Create's split of its input. Counts the read's
   * page size once ({@code page_size}), so that the job's metrics say which size every shard used.
   */
  static final class EmitQuery extends DoFn<byte[], RunsQuery> {
    /** The counter holding the page size of the read (incremented by it once). */
    static final String PAGE_SIZE = "page_size";

    private final RunsQuery query;
    private final int pageSize;
    private final Counter pageSizeCounter = Metrics.counter(ReadCounters.NAMESPACE, PAGE_SIZE);

    EmitQuery(RunsQuery query, int pageSize) {
      this.query = query;
      this.pageSize = pageSize;
    }

    @ProcessElement
    public void process(OutputReceiver<RunsQuery> out) {
      pageSizeCounter.inc(pageSize);
      out.output(query);
    }
  }
}
