package com.amperityworkflowruns.sink;

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
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

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
  private final LocalDate fromDay;
  private final LocalDate toDay;
  private final PublishPolicy policy;

  private PublishOutput(OutputLayout layout, String jobId, LocalDate fromDay, LocalDate toDay,
      PublishPolicy policy) {
    this.layout = layout;
    this.jobId = jobId;
    this.fromDay = fromDay;
    this.toDay = toDay;
    this.policy = policy;
  }

  /** Publishes job {@code jobId}'s staging folder of {@code layout}; needs {@link #forDays}. */
  public static PublishOutput to(OutputLayout layout, String jobId) {
    if (layout == null) {
      throw new IllegalArgumentException("layout is required: OutputLayout.of(output)");
    }
    return new PublishOutput(layout, OutputLayout.checkJobId(jobId), null, null,
        PublishPolicy.defaults());
  }

  /** The UTC days replaced: {@code fromDay} inclusive to {@code toDay} exclusive. */
  public PublishOutput forDays(LocalDate fromDay, LocalDate toDay) {
    if (fromDay == null || toDay == null || toDay.isBefore(fromDay)) {
      throw new IllegalArgumentException(
          "forDays needs fromDay <= toDay, got [" + fromDay + ", " + toDay + ")");
    }
    return new PublishOutput(layout, jobId, fromDay, toDay, policy);
  }

  /** The checks and clean-up of the publish ({@link GuardedPublish}); default {@link PublishPolicy#defaults}. */
  public PublishOutput withPolicy(PublishPolicy policy) {
    if (policy == null) {
      throw new IllegalArgumentException("policy is required: PublishPolicy.defaults()");
    }
    return new PublishOutput(layout, jobId, fromDay, toDay, policy);
  }

  @Override
  public PCollection<PublishReport> expand(PCollection<String> stagedFiles) {
    if (fromDay == null) {
      throw new IllegalStateException(
          "PublishOutput needs the days it replaces: call forDays(fromDay, toDay)");
    }
    return stagedFiles
        .apply("CollectStagedFiles", Combine.globally(new CollectNames()))
        .apply("Publish", ParDo.of(new PublishFn(layout, jobId, fromDay, toDay, policy)))
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

  /** Runs the journaled publish once, on the single list of staged files. */
  static final class PublishFn extends DoFn<List<String>, PublishReport> {
    private final OutputLayout layout;
    private final String jobId;
    private final LocalDate fromDay;
    private final LocalDate toDay;
    private final PublishPolicy policy;

    PublishFn(OutputLayout layout, String jobId, LocalDate fromDay, LocalDate toDay,
        PublishPolicy policy) {
      this.policy = policy;
      this.layout = layout;
      this.jobId = jobId;
      this.fromDay = fromDay;
      this.toDay = toDay;
    }

    @ProcessElement
    public void process(@Element List<String> files, OutputReceiver<PublishReport> out)
        throws IOException {
      out.output(GuardedPublish.forOutput(layout)
          .publish(layout, jobId, fromDay, toDay, files, policy));
    }
  }
}
