package com.amperityworkflowruns.launcher;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where a job keeps its read pages for {@code --resume}: {@code {output}/_resume/{range}-{hash}},
 * one folder per range and query, removed once the job's output is published.
 */
final class ResumeSpoolDir {
  private ResumeSpoolDir() {}

  static String of(JobSettings s) {
    String query =
        String.join(
            "|",
            s.baseUrl,
            s.tenant,
            String.valueOf(s.options.getState()),
            String.valueOf(s.options.getType()),
            s.options.getApiVersion());
    return s.layout().control("_resume/") + s.fromDay + "_" + s.toDay + "-" + sha(query).substring(0, 12);
  }

  private static String sha(String text) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
