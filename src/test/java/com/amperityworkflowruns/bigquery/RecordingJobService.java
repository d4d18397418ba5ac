package com.amperityworkflowruns.bigquery;

import com.google.api.client.http.AbstractInputStreamContent;
import com.google.api.services.bigquery.model.Job;
import com.google.api.services.bigquery.model.JobConfigurationExtract;
import com.google.api.services.bigquery.model.JobConfigurationLoad;
import com.google.api.services.bigquery.model.JobConfigurationQuery;
import com.google.api.services.bigquery.model.JobConfigurationTableCopy;
import com.google.api.services.bigquery.model.JobReference;
import com.google.api.services.bigquery.model.JobStatistics;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices.JobService;
import org.apache.beam.sdk.io.gcp.testing.FakeJobService;

/**
 * Beam's {@link FakeJobService} that also keeps every load configuration it was given, so tests
 * can assert the load settings (format, dispositions, destination, schema). Like the Beam fakes,
 * its record is static: each DoFn instance gets its own deserialized copy of the service.
 *
 * <p>As BigQuery documents, beyond the Beam fake: a load from a {@code gs://} bucket that is not
 * where the destination dataset can load from fails ({@link DatasetRules#loadable}, with the
 * locations of {@link FakeBigQuery#bucket} and {@link FakeBigQuery#describeDataset}).
 */
final class RecordingJobService implements JobService, Serializable {
  private static final long serialVersionUID = 1L;
  private static final List<JobConfigurationLoad> LOADS = new CopyOnWriteArrayList<>();

  private final FakeJobService delegate = new FakeJobService();

  /** Forgets earlier loads (call with FakeDatasetService.setUp()). */
  static void reset() {
    LOADS.clear();
  }

  /** The load configurations started since {@link #reset()}. */
  static List<JobConfigurationLoad> loads() {
    return List.copyOf(LOADS);
  }

  @Override
  public void startLoadJob(JobReference ref, JobConfigurationLoad config)
      throws InterruptedException, IOException {
    LOADS.add(config.clone());
    refuseAcrossLocations(config);
    delegate.startLoadJob(ref, config);
  }

  @Override
  public void startLoadJob(
      JobReference ref, JobConfigurationLoad config, AbstractInputStreamContent stream)
      throws InterruptedException, IOException {
    LOADS.add(config.clone());
    delegate.startLoadJob(ref, config, stream);
  }

  /** Fails as BigQuery does a load from a bucket its dataset cannot load from. */
  static void refuseAcrossLocations(JobConfigurationLoad config) throws IOException {
    if (config.getSourceUris() == null || config.getDestinationTable() == null) {
      return;
    }
    String destination = InMemoryTableStore.datasetResource(
        config.getDestinationTable().getProjectId(),
        config.getDestinationTable().getDatasetId()).getLocation();
    for (String uri : config.getSourceUris()) {
      if (uri.startsWith("gs://")) {
        String source = FakeBigQuery.bucketLocation(uri.substring(5).split("/", 2)[0]);
        if (!DatasetRules.loadable(destination, source)) {
          throw new IOException("Cannot read and write in different locations: source: "
              + source + ", destination: " + destination);
        }
      }
    }
  }

  @Override
  public void startExtractJob(JobReference ref, JobConfigurationExtract config)
      throws InterruptedException, IOException {
    delegate.startExtractJob(ref, config);
  }

  @Override
  public void startQueryJob(JobReference ref, JobConfigurationQuery query)
      throws IOException, InterruptedException {
    delegate.startQueryJob(ref, query);
  }

  @Override
  public void startCopyJob(JobReference ref, JobConfigurationTableCopy config)
      throws IOException, InterruptedException {
    delegate.startCopyJob(ref, config);
  }

  @Override
  public Job pollJob(JobReference ref, int maxAttempts) throws InterruptedException {
    return delegate.pollJob(ref, maxAttempts);
  }

  @Override
  public JobStatistics dryRunQuery(String project, JobConfigurationQuery query, String location)
      throws InterruptedException, IOException {
    return delegate.dryRunQuery(project, query, location);
  }

  @Override
  public Job getJob(JobReference ref) throws IOException, InterruptedException {
    return delegate.getJob(ref);
  }

  @Override
  public void close() throws Exception {
    delegate.close();
  }
}
