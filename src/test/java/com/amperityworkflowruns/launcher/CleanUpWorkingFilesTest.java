package com.amperityworkflowruns.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.bench.MemObjectStore;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.util.MimeTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a published job deletes of its working files, on a local disk and an object store. */
class CleanUpWorkingFilesTest {
  private static final String THIS_JOB = "job-20240106-000000-cccc";
  @TempDir Path tmp;

  @BeforeAll
  static void registerFileSystems() {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
  }

  private static void write(String path) throws Exception {
    try (var out = Channels.newOutputStream(
        FileSystems.create(FileSystems.matchNewResource(path, false), MimeTypes.TEXT))) {
      out.write("{}\n".getBytes(StandardCharsets.UTF_8));
    }
  }

  /** A spool page and the summaries of five older jobs and of this one, below {@code output}. */
  private static String arrange(String output) throws Exception {
    String spool = output + "/_tenants/acme/_resume/2024-01-01_2024-01-15-abc";
    write(spool + "/shard-1-2/page-0.jsonl");
    for (int day = 1; day <= 5; day++) {
      write(output + "/_reports/job-2024010" + day + "-000000-aaaa/summary.jsonl");
    }
    write(output + "/_reports/" + THIS_JOB + "/summary.jsonl");
    return spool;
  }

  @Test
  void onALocalDisk_deletesTheSpool_andKeepsThisJobsSummaryAndTheNewestOthers() throws Exception {
    // Arrange
    String output = tmp.resolve("out").toString();
    String spool = arrange(output);

    // Act
    new CleanUpWorkingFiles.Spec(spool, output, THIS_JOB, 3).run();

    // Assert
    assertThat(Path.of(spool)).doesNotExist();
    assertThat(tmp.resolve("out/_tenants/acme/_resume")).doesNotExist();
    try (Stream<Path> reports = Files.list(tmp.resolve("out/_reports"))) {
      assertThat(reports.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(THIS_JOB, "job-20240105-000000-aaaa",
              "job-20240104-000000-aaaa");
    }
  }

  @Test
  void onAnObjectStore_deletesTheSameObjects() throws Exception {
    // Arrange
    String output = "mem://clean-" + UUID.randomUUID().toString().substring(0, 8) + "/out";
    String spool = arrange(output);

    // Act
    List<String> deleted = new CleanUpWorkingFiles.Spec(spool, output, THIS_JOB, 2).run();

    // Assert
    assertThat(deleted).hasSize(5); // the spool and four old summaries
    assertThat(MemObjectStore.objects(output + "/").keySet()).containsExactlyInAnyOrder(
        output + "/_reports/" + THIS_JOB + "/summary.jsonl",
        output + "/_reports/job-20240105-000000-aaaa/summary.jsonl");
    MemObjectStore.deleteAll(output + "/");
  }

  @Test
  void withoutASpool_onlyOldSummariesGo() throws Exception {
    String output = tmp.resolve("out").toString();
    String spool = arrange(output);

    new CleanUpWorkingFiles.Spec(null, output, THIS_JOB, 10).run();

    assertThat(Path.of(spool, "shard-1-2/page-0.jsonl")).exists();
    try (Stream<Path> reports = Files.list(tmp.resolve("out/_reports"))) {
      assertThat(reports).hasSize(6);
    }
  }
}
