package com.amperityworkflowruns.sink;

import com.amperityworkflowruns.coders.VersionedCoder;
import com.amperityworkflowruns.model.Reject;
import com.amperityworkflowruns.model.RunState;
import com.amperityworkflowruns.model.ScaledClock;
import com.amperityworkflowruns.model.WorkflowRun;
import com.amperityworkflowruns.publish.OutputLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Records each statistics window of the stream once its tables are written: totals per window
 * (finished runs, failures, rejects, poll windows read), held back by {@link Wait#on} until the
 * window's files are final, then written as its marker ({@link StreamProgress}). Every window
 * that was read gets a marker, including one without runs, because every poll window read is
 * counted in it. Counter {@code amperity/windows_closed}.
 */
public final class CloseWindows extends PTransform<PCollectionTuple, PDone> {
  /** Finished runs, in the statistics windows. */
  public static final TupleTag<WorkflowRun> RUNS = new TupleTag<>("runs");
  /** Rejects, in the statistics windows. */
  public static final TupleTag<Reject> REJECTS = new TupleTag<>("rejects");
  /** The poll windows read, {@code KV(start, end)}, in the statistics windows. */
  public static final TupleTag<KV<Long, Long>> POLLS = new TupleTag<>("polls");
  /** The names of the files written, in the statistics windows. */
  public static final TupleTag<String> WRITTEN = new TupleTag<>("written");

  private final OutputLayout layout;
  private final long jobStartMillis;
  private final long statsWindowMillis;
  private final ScaledClock clock;

  private CloseWindows(
      OutputLayout layout, long jobStartMillis, long statsWindowMillis, ScaledClock clock) {
    this.layout = layout;
    this.jobStartMillis = jobStartMillis;
    this.statsWindowMillis = statsWindowMillis;
    this.clock = clock;
  }

  /** Records windows below {@code layout}, for a job that started at {@code jobStartMillis}. */
  public static CloseWindows to(
      OutputLayout layout, long jobStartMillis, long statsWindowMillis, ScaledClock clock) {
    return new CloseWindows(layout, jobStartMillis, statsWindowMillis, clock);
  }

  @Override
  public PDone expand(PCollectionTuple input) {
    // also for the steps inside Beam's transforms that infer a coder from the type (Wait.on)
    input.getPipeline().getCoderRegistry().registerCoderForClass(Totals.class, TotalsCoder.of());
    PCollection<Totals> runs = counted(input.get(RUNS), "CountRuns", Totals::ofRun);
    PCollection<Totals> rejects =
        counted(input.get(REJECTS), "CountRejects", (Reject r) -> new Totals(0, 0, 1, 0));
    PCollection<Totals> polls =
        counted(input.get(POLLS), "CountPolls", (KV<Long, Long> w) -> new Totals(0, 0, 0, 1));
    PCollectionList.of(runs).and(rejects).and(polls)
        .apply("AllTotals", Flatten.pCollections())
        .setCoder(TotalsCoder.of())
        .apply("SumPerWindow", Combine.globally(new SumFn()).withoutDefaults())
        .setCoder(TotalsCoder.of())
        .apply("AfterFilesWritten", Wait.on(input.get(WRITTEN)))
        .apply("RecordWindow",
            ParDo.of(new RecordFn(layout, jobStartMillis, statsWindowMillis, clock)));
    return PDone.in(input.getPipeline());
  }

  private static <T> PCollection<Totals> counted(
      PCollection<T> in, String step, SerializableFunction<T, Totals> count) {
    return in.apply(step, MapElements.into(TypeDescriptor.of(Totals.class)).via(count))
        .setCoder(TotalsCoder.of());
  }

  /** Counts of one window; shuffled as {@link TotalsCoder}. */
  static final class Totals {
    final long runs;
    final long failed;
    final long rejects;
    final long polls;

    Totals(long runs, long failed, long rejects, long polls) {
      this.runs = runs;
      this.failed = failed;
      this.rejects = rejects;
      this.polls = polls;
    }

    static Totals ofRun(WorkflowRun r) {
      return new Totals(1, RunState.FAILED.name().equals(r.state) ? 1 : 0, 0, 0);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Totals
          && runs == ((Totals) o).runs
          && failed == ((Totals) o).failed
          && rejects == ((Totals) o).rejects
          && polls == ((Totals) o).polls;
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(runs, failed, rejects, polls);
    }
  }

  /**
   * The wire format of {@link Totals}, versioned so that a window's partial sums survive a Dataflow
   * {@code --update}. Format 1: runs, failed runs, rejects, poll windows.
   */
  static final class TotalsCoder extends VersionedCoder<Totals> {
    private static final TotalsCoder INSTANCE = new TotalsCoder();

    private TotalsCoder() {
      super("a Parquet stream window's totals", 1);
    }

    static TotalsCoder of() {
      return INSTANCE;
    }

    @Override
    protected void encodeFields(Totals t, OutputStream out) throws IOException {
      writeLongs(out, t.runs, t.failed, t.rejects, t.polls);
    }

    @Override
    protected Totals decodeFields(int format, InputStream in) throws IOException {
      long[] v = readLongs(in, 4);
      return new Totals(v[0], v[1], v[2], v[3]);
    }

    @Override
    public boolean consistentWithEquals() {
      return true;
    }
  }

  static final class SumFn extends Combine.BinaryCombineFn<Totals> {
    @Override
    public Totals apply(Totals a, Totals b) {
      return new Totals(a.runs + b.runs, a.failed + b.failed, a.rejects + b.rejects,
          a.polls + b.polls);
    }
  }

  static final class RecordFn extends DoFn<Totals, Void> {
    private final OutputLayout layout;
    private final long jobStartMillis;
    private final long statsWindowMillis;
    private final ScaledClock clock;
    private final Counter closed = Metrics.counter("amperity", "windows_closed");

    RecordFn(OutputLayout layout, long jobStartMillis, long statsWindowMillis, ScaledClock clock) {
      this.layout = layout;
      this.jobStartMillis = jobStartMillis;
      this.statsWindowMillis = statsWindowMillis;
      this.clock = clock;
    }

    @ProcessElement
    public void process(@Element Totals t, BoundedWindow window) {
      IntervalWindow w = (IntervalWindow) window;
      long end = w.end().getMillis();
      try {
        StreamProgress.record(layout, new ClosedWindow(w.start().getMillis(), end, jobStartMillis,
            statsWindowMillis, t.runs, t.failed, t.rejects, t.polls, clock.millis() - end));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot record window " + w + " in " + layout.root(), e);
      }
      closed.inc();
    }
  }
}
