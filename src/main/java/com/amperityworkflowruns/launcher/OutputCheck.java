package com.amperityworkflowruns.launcher;

import com.amperityworkflowruns.gcp.Deadlines;
import com.amperityworkflowruns.gcp.GoogleAuth;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * Fails before any request when the output location cannot be written: an unknown scheme, Google
 * Cloud Storage without Google credentials, a location that refuses a write, or one that does not
 * answer within {@link #DEADLINE} (GCS retries an unreachable endpoint for minutes).
 *
 * <p>File systems must be registered from the options first ({@code
 * FileSystems.setDefaultPipelineOptions}).
 */
public final class OutputCheck {
  /** Longest the probe write may take. */
  public static final Duration DEADLINE = Duration.ofSeconds(30);

  private OutputCheck() {}

  /** Checks that the job can reach Google Cloud if it needs to, and write {@code output}. */
  public static void ensureWritable(String output, PipelineOptions options, Map<String,
      String> env) {
    ensureReachable(output, options, env);
    ensureWritable(output, env, DEADLINE);
  }

  /**
   * Checks, without touching {@code output}, that its scheme has a file system here and that the
   * credentials it (or a Dataflow runner) needs exist: before anything lists the output.
   */
  static void ensureReachable(String output, PipelineOptions options, Map<String, String> env) {
    String runner = options.getRunner() == null ? "" : options.getRunner().getSimpleName();
    if (runner.toLowerCase(Locale.ROOT).contains("dataflow") && GoogleAuth.source(env).isEmpty()) {
      throw new IllegalArgumentException(
          "--runner=" + runner + " needs Google credentials and there are none here: "
              + GoogleAuth.HOW_TO);
    }
    probeResource(output, env);
  }

  /** The scheme and credentials part of {@link #ensureReachable}, for the output alone. */
  static void ensureOutputReachable(String output, Map<String, String> env) {
    probeResource(output, env);
  }

  private static ResourceId probeResource(String output, Map<String, String> env) {
    String scheme = scheme(output);
    ResourceId probe;
    try {
      probe = FileSystems.matchNewResource(output + "/_probe-" + UUID.randomUUID(), false);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--output=" + output + ": no file system for scheme " + scheme + ":// is available"
              + " here: use a local directory or gs://bucket/prefix", e);
    }
    if (scheme.equals("gs") && GoogleAuth.source(env).isEmpty()) {
      throw new IllegalArgumentException(
          "--output=" + output + " is on Google Cloud Storage and there are no Google credentials"
              + " here: " + GoogleAuth.HOW_TO);
    }
    return probe;
  }

  private static String scheme(String output) {
    return output.contains("://") ? output.substring(0, output.indexOf("://")) : "file";
  }

  public static void ensureWritable(String output, Map<String, String> env, Duration deadline) {
    String scheme = scheme(output);
    ResourceId probe = probeResource(output, env);
    Deadlines.call(
        () -> {
          probe(output, probe);
          return null;
        },
        deadline,
        () -> new IllegalArgumentException(
            "--output=" + output + ": no answer from " + scheme + ":// within "
                + deadline.toSeconds() + " s: check the network, the bucket and its permissions"));
  }

  private static void probe(String output, ResourceId probe) {
    try {
      if (probe.getScheme().equals("file")) {
        java.nio.file.Files.createDirectories(java.nio.file.Path.of(output));
      }
      try (WritableByteChannel ch = FileSystems.create(probe, MimeTypes.BINARY)) {
        ch.write(ByteBuffer.wrap(new byte[] {1}));
      }
      FileSystems.delete(List.of(probe));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot write to --output=" + output + " (" + e.getClass().getSimpleName() + ": "
              + firstLine(e.getMessage()) + "): choose a writable directory or bucket", e);
    }
  }

  private static String firstLine(String s) {
    return s == null ? "no detail" : s.split("\\R", 2)[0];
  }
}
