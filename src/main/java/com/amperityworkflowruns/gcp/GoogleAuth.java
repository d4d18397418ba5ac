package com.amperityworkflowruns.gcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Whether this machine has Google credentials at all, decided without a network request.
 *
 * <p>Google's clients look for Application Default Credentials and, finding none, may probe the
 * metadata server and then send unauthenticated requests that are retried for minutes. So every
 * Google call here first asks {@link #source}: the places Application Default Credentials are
 * read from, in their order ({@code GOOGLE_APPLICATION_CREDENTIALS}, gcloud's
 * application-default file, a Google Cloud VM or serverless container, the last two not with
 * {@code NO_GCE_CHECK=true}, as in Google's library). Only when one exists is the real client used,
 * and then under a deadline.
 *
 * <p>A Google Cloud VM (a Dataflow worker, the Flex Template launcher) is recognised, as Google's
 * own library recognises it when its metadata probe fails, by its DMI product name; a Dataflow
 * worker also by the variable its SDK harness is started with ({@code
 * CONTROL_API_SERVICE_DESCRIPTOR}); a metadata server elsewhere is named by {@code
 * GCE_METADATA_HOST}.
 */
public final class GoogleAuth {
  /** How to give this machine credentials, as error messages say it. */
  public static final String HOW_TO =
      "run `gcloud auth application-default login` or set GOOGLE_APPLICATION_CREDENTIALS to a"
          + " service-account key file; on Google Cloud the VM's service account is used";

  /**
   * Google's own variable: {@code NO_GCE_CHECK=true} makes Application Default Credentials skip
   * the metadata server, so that only a key file or gcloud's file can supply credentials.
   */
  public static final String NO_GCE_CHECK = "NO_GCE_CHECK";

  private static final Path PRODUCT_NAME = Path.of("/sys/class/dmi/id/product_name");

  private GoogleAuth() {}

  /** Where credentials would come from, or empty when none; {@code env} is this process's. */
  public static Optional<String> source(Map<String, String> env) {
    String home = env.getOrDefault("HOME", System.getProperty("user.home", ""));
    return source(env, Path.of(home), PRODUCT_NAME);
  }

  static Optional<String> source(Map<String, String> env, Path home, Path productName) {
    String keyFile = env.get("GOOGLE_APPLICATION_CREDENTIALS");
    if (keyFile != null && !keyFile.isBlank()) {
      return Optional.of("GOOGLE_APPLICATION_CREDENTIALS");
    }
    String cloudSdkConfig = env.get("CLOUDSDK_CONFIG");
    Path gcloudDir =
        cloudSdkConfig != null && !cloudSdkConfig.isBlank()
            ? Path.of(cloudSdkConfig)
            : home.resolve(".config").resolve("gcloud");
    if (Files.isRegularFile(gcloudDir.resolve("application_default_credentials.json"))) {
      return Optional.of("gcloud application-default credentials");
    }
    if (Boolean.parseBoolean(env.get(NO_GCE_CHECK))) {
      // Google's library then skips the metadata server and the VM's account: so does this check.
      return Optional.empty();
    }
    if (env.containsKey("GCE_METADATA_HOST") || env.containsKey("K_SERVICE")) {
      return Optional.of("the metadata server");
    }
    if (env.containsKey("CONTROL_API_SERVICE_DESCRIPTOR")) {
      // A Beam SDK harness started by a runner (Dataflow's workers): on a Google Cloud VM.
      return Optional.of("the worker's service account");
    }
    try {
      if (Files.isReadable(productName)
          && Files.readString(productName, StandardCharsets.UTF_8).trim().startsWith("Google")) {
        return Optional.of("the VM's service account");
      }
    } catch (IOException e) {
      // not readable: not a Google Cloud VM as far as we can tell
    }
    return Optional.empty();
  }
}
