package com.amperityworkflowruns.launcher;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a job's working files once its output is published, on the workers (a Dataflow launch
 * returns at submission, so the launcher cannot): the job's resume spool (its pages are published
 * now) and, in {@code {output}/_reports/}, the summaries of all but the newest jobs. Applied to
 * what the publish emits last (with BigQuery, the names {@code DropStaging} outputs after the
 * staging tables are dropped), so it runs once, after it.
 *
 * <pre>{@code
 * published.apply("CleanUpWorkingFiles",
 *     CleanUpWorkingFiles.of(spoolDir, output, jobId, keepReports));
 * }</pre>
 *
 * <p>Best effort: a file that cannot be deleted is logged, and the output is complete either way.
 * A retried bundle deletes what is left.
 */
final class CleanUpWorkingFiles extends PTransform<PCollection<?>, PCollection<String>> {
  private static final long serialVersionUID = 1L;
  private final Spec spec;

  private CleanUpWorkingFiles(Spec spec) {
    this.spec = spec;
  }

  /**
   * Deletes {@code spoolDir} (null: none) and keeps, in {@code output}'s {@code _reports/}, the
   * summary of {@code jobId} and of the {@code keepReports - 1} newest other jobs.
   */
  static CleanUpWorkingFiles of(
      @Nullable String spoolDir, String output, String jobId, int keepReports) {
    if (keepReports < 1) {
      throw new IllegalArgumentException("keepReports must be >= 1, got " + keepReports);
    }
    return new CleanUpWorkingFiles(new Spec(spoolDir, output, jobId, keepReports));
  }

  @Override
  public PCollection<String> expand(PCollection<?> published) {
    return published.getPipeline()
        .apply("CleanUpSignal", Create.of(spec.jobId))
        .apply("AfterPublish", Wait.on(published))
        .apply("DeleteWorkingFiles", ParDo.of(new DeleteFn(spec)));
  }

  /** What to delete; plain Java, so that it is tested without a pipeline. */
  record Spec(@Nullable String spoolDir, String output, String jobId, int keepReports)
      implements java.io.Serializable {

    /** Deletes the files; returns the folders deleted. */
    List<String> run() throws IOException {
      List<String> deleted = new ArrayList<>();
      if (spoolDir != null) {
        FileTrees.delete(spoolDir);
        deleted.add(spoolDir);
      }
      String reports = (output.endsWith("/") ? output : output + "/") + "_reports/";
      TreeSet<String> jobs = new TreeSet<>(java.util.Comparator.reverseOrder());
      MatchResult match = FileSystems.match(reports + "**");
      if (match.status() == MatchResult.Status.OK) {
        for (MatchResult.Metadata m : match.metadata()) {
          String path = m.resourceId().toString();
          int at = path.indexOf("/_reports/");
          String rel = at < 0 ? "" : path.substring(at + "/_reports/".length());
          if (rel.indexOf('/') > 0) {
            jobs.add(rel.substring(0, rel.indexOf('/')));
          }
        }
      }
      jobs.remove(jobId);
      int kept = 1; // this job's (its launcher prints it, then deletes it)
      for (String job : jobs) { // newest first: job ids start with their start time
        if (kept < keepReports) {
          kept++;
          continue;
        }
        FileTrees.delete(reports + job);
        deleted.add(reports + job);
      }
      return deleted;
    }
  }

  private static final class DeleteFn extends DoFn<String, String> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CleanUpWorkingFiles.class);
    private final Spec spec;

    DeleteFn(Spec spec) {
      this.spec = spec;
    }

    @ProcessElement
    public void process(OutputReceiver<String> out) {
      try {
        spec.run().forEach(out::output);
      } catch (IOException | RuntimeException e) {
        LOG.warn("Published, but could not clean up the resume spool or old summaries in {}",
            spec.output, e);
      }
    }
  }
}
