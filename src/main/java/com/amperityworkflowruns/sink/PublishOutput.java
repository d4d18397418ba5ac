package com.amperityworkflowruns.sink;

import com.amperityworkflowruns.model.Days;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.publish.PublishPolicy;
import com.amperityworkflowruns.publish.PublishReport;
import com.amperityworkflowruns.publish.Publisher;
import com.amperityworkflowruns.publish.RefreshMark;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Publishes a job's staged files once all of them are written: waits for every file name
 * (combined to one list, which is empty when the job wrote nothing), then runs {@link
 * Publisher#publish}, replacing the days {@code [fromDay, toDay)}, and emits one {@link
 * PublishReport}.
 *
 * <pre>{@code
 * staged.apply("PublishOutput", PublishOutput.to(layout, jobId).forDays(fromDay, toDay));
 * }</pre>
 *
 * <p>Steps: {@code CollectStagedFiles}, {@code Publish}. The publish runs {@link GuardedPublish}
 * (lease, recovery, filter and shrink checks, clean-up). A retried bundle is safe: the publish
 * first rolls its own journal forward, and a second plan finds the files already moved. Use a
 * bounded input in the global window.
 */
public final class PublishOutput
    extends PTransform<PCollection<String>, PCollection<PublishReport>> {
  private static final long serialVersionUID = 1L;

  private final OutputLayout layout;
  private final String jobId;
  private final Days days;
  private final PublishPolicy policy;
  private final PCollectionView<List<String>> openDays;

  private PublishOutput(OutputLayout layout, String jobId, Days days, PublishPolicy policy,
      PCollectionView<List<String>> openDays) {
    this.layout = layout;
    this.jobId = jobId;
    this.days = days;
    this.policy = policy;
    this.openDays = openDays;
  }

  /** Publishes job {@code jobId}'s staging folder of {@code layout}; needs {@link #forDays}. */
  public static PublishOutput to(OutputLayout layout, String jobId) {
    if (layout == null) {
      throw new IllegalArgumentException("layout is required: OutputLayout.of(output)");
    }
    return new PublishOutput(layout, OutputLayout.checkJobId(jobId), null,
        PublishPolicy.defaults(), null);
  }

  /** The UTC days replaced: {@code fromDay} inclusive to {@code toDay} exclusive. */
  public PublishOutput forDays(LocalDate fromDay, LocalDate toDay) {
    return forDays(Days.range(fromDay, toDay));
  }

  /** The UTC days replaced: a range and the days refreshed outside it. */
  public PublishOutput forDays(Days days) {
    if (days == null) {
      throw new IllegalArgumentException("forDays needs the days, e.g. Days.range(from, to)");
    }
    return new PublishOutput(layout, jobId, days, policy, openDays);
  }

  /**
   * The days ({@code YYYY-MM-DD}) whose statistics count open runs, for the tenant's {@link
   * RefreshMark} (kept when the policy has {@link PublishPolicy#withRefreshMark}).
   */
  public PublishOutput withOpenDays(PCollectionView<List<String>> openDays) {
    return new PublishOutput(layout, jobId, days, policy, openDays);
  }

  /** The checks and clean-up of the publish ({@link GuardedPublish}); default {@link PublishPolicy#defaults}. */
  public PublishOutput withPolicy(PublishPolicy policy) {
    if (policy == null) {
      throw new IllegalArgumentException("policy is required: PublishPolicy.defaults()");
    }
    return new PublishOutput(layout, jobId, days, policy, openDays);
  }

  @Override
  public PCollection<PublishReport> expand(PCollection<String> stagedFiles) {
    if (days == null) {
      throw new IllegalStateException(
          "PublishOutput needs the days it replaces: call forDays(fromDay, toDay)");
    }
    ParDo.SingleOutput<List<String>, PublishReport> publish =
        ParDo.of(new PublishFn(layout, jobId, days, policy, openDays));
    return stagedFiles
        .apply("CollectStagedFiles", Combine.globally(new CollectNames()))
        .apply("Publish", openDays == null ? publish : publish.withSideInputs(openDays))
        .setCoder(SerializableCoder.of(PublishReport.class));
  }

  /** Collects every file name into one sorted list; the default for no input is empty. */
  static final class CollectNames extends Combine.CombineFn<String, List<String>, List<String>> {
    @Override
    public List<String> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public List<String> addInput(List<String> acc, String name) {
      acc.add(name);
      return acc;
    }

    @Override
    public List<String> mergeAccumulators(Iterable<List<String>> accs) {
      List<String> merged = new ArrayList<>();
      accs.forEach(merged::addAll);
      return merged;
    }

    @Override
    public List<String> extractOutput(List<String> acc) {
      return new ArrayList<>(new TreeSet<>(acc));
    }

    @Override
    public Coder<List<String>> getAccumulatorCoder(CoderRegistry r, Coder<String> in) {
      return ListCoder.of(StringUtf8Coder.of());
    }

    @Override
    public Coder<List<String>> getDefaultOutputCoder(CoderRegistry r, Coder<String> in) {
      return ListCoder.of(StringUtf8Coder.of());
    }
  }

  /** The counter of table files written (staged) for the publish. */
  public static final String TABLE_FILES_WRITTEN = "table_files_written";
  /** The counter of days published. */
  public static final String DAYS_PUBLISHED = "days_published";

  /**
   * Runs the journaled publish once, on the single list of staged files; counts the files (all
   * written by then) and, once published, the days.
   */
  static final class PublishFn extends DoFn<List<String>, PublishReport> {
    private final Counter tableFiles = Metrics.counter("amperity", TABLE_FILES_WRITTEN);
    private final Counter daysPublished = Metrics.counter("amperity", DAYS_PUBLISHED);
    private final OutputLayout layout;
    private final String jobId;
    private final Days days;
    private final PublishPolicy policy;
    private final PCollectionView<List<String>> openDays;

    PublishFn(OutputLayout layout, String jobId, Days days, PublishPolicy policy,
        PCollectionView<List<String>> openDays) {
      this.policy = policy;
      this.layout = layout;
      this.jobId = jobId;
      this.days = days;
      this.openDays = openDays;
    }

    @ProcessElement
    public void process(ProcessContext c) throws IOException {
      List<LocalDate> open = new ArrayList<>();
      if (openDays != null) {
        for (String d : c.sideInput(openDays)) {
          open.add(LocalDate.parse(d));
        }
      }
      tableFiles.inc(c.element().size());
      PublishReport report = GuardedPublish.forOutput(layout)
          .publish(layout, jobId, days, c.element(), policy, open);
      daysPublished.inc(days.size());
      c.output(report);
    }
  }
}
