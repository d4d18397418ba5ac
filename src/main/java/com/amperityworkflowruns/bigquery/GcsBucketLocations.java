package com.amperityworkflowruns.bigquery;

import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.client.util.Sleeper;
import com.google.api.services.storage.Storage;
import com.google.api.services.storage.model.Bucket;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.GoogleCredentials;
import java.util.List;

/**
 * {@link BucketLocations} from Cloud Storage's {@code buckets.get} (field {@code location}), with
 * the time-outs and attempts of {@link BigQueryTableStore.Settings#defaults()}: it answers or
 * fails within about a minute.
 */
final class GcsBucketLocations implements BucketLocations {
  private static final long serialVersionUID = 1L;
  private static final String READ_ONLY = "https://www.googleapis.com/auth/devstorage.read_only";

  @Override
  public String of(String bucket) throws TableStoreException {
    BigQueryTableStore.Settings settings = BigQueryTableStore.Settings.defaults();
    GoogleCredentials credentials =
        GoogleCredentialsLocator.ofThisMachine().find(List.of(READ_ONLY));
    HttpCredentialsAdapter auth = new HttpCredentialsAdapter(credentials);
    HttpRequestInitializer init = request -> {
      auth.initialize(request);
      request.setConnectTimeout((int) settings.connectTimeout.toMillis());
      request.setReadTimeout((int) settings.readTimeout.toMillis());
      request.setNumberOfRetries(1);
    };
    Storage storage = new Storage.Builder(
        new NetHttpTransport(), GsonFactory.getDefaultInstance(), init)
        .setApplicationName("amperity-workflow-runs").build();
    BoundedCalls calls = new BoundedCalls(settings.maxAttempts, settings.retryWindow,
        Sleeper.DEFAULT, "Cloud Storage");
    Bucket b = calls.run("read the location of bucket " + bucket,
        () -> storage.buckets().get(bucket).setFields("location").execute());
    return b.getLocation();
  }
}
