package com.amperityworkflowruns.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.simulator.ApiSimulator;
import com.amperityworkflowruns.simulator.SimulatorConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job killed with SIGKILL leaves published output intact; --resume then finishes the work. */
class CrashAndResumeTest {
  @TempDir Path tmp;

  private static SimulatorConfig tenant() {
    return SimulatorConfig.builder()
        .totalRuns(1500)
        .dataFrom(LocalDate.of(2024, 1, 1))
        .dataTo(LocalDate.of(2024, 2, 1))
        .latencyMillis(40, 80)
        .build();
  }

  private List<String> args(ApiSimulator sim, Path output, String... more) throws Exception {
    Path token = tmp.resolve("token");
    Files.writeString(token, sim.config().staticToken());
    List<String> args = new ArrayList<>(List.of(
        "--tenant=" + sim.config().tenant(), "--baseUrl=" + sim.baseUrl(), "--tokenFile=" + token,
        "--createdFrom=2024-01-01", "--createdTo=2024-02-01", "--output=" + output,
        "--pageSize=25", "--shardDuration=P2D"));
    args.addAll(List.of(more));
    return args;
  }

  private String runInProcess(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new Launcher(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), Clock.systemUTC())
        .run(args.toArray(new String[0]));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Every published file under output (not the hidden folders) with its size. */
  private static TreeSet<String> published(Path output) throws Exception {
    TreeSet<String> files = new TreeSet<>();
    try (Stream<Path> paths = Files.walk(output)) {
      paths.filter(Files::isRegularFile)
          .map(p -> output.relativize(p).toString())
          .filter(p -> !p.startsWith("_"))
          .forEach(files::add);
    }
    return files;
  }

  /** Published paths with the job id taken out of file names: equal for equal layouts. */
  private static TreeSet<String> shape(Path output) throws Exception {
    TreeSet<String> shape = new TreeSet<>();
    for (String f : published(output)) {
      shape.add(f.replaceAll("part-job-[^/]*?-(\\d{5}-of-\\d{5})", "part-$1"));
    }
    return shape;
  }

  private static List<String> rows(Path output) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT run_id, state, created_at, duration_ms FROM read_parquet('"
            + output + "/workflow_runs/*/*/*.parquet') ORDER BY run_id")) {
      while (r.next()) {
        rows.add(r.getString(1) + "|" + r.getString(2) + "|" + r.getString(3) + "|" + r.getString(4));
      }
    }
    return rows;
  }

  @Test
  void givenJobKilledMidRead_publishedOutputIsIntact_andResumeSendsOnlyTheRequestsNotYetKept()
      throws Exception {
    try (ApiSimulator sim = ApiSimulator.start(tenant())) {
      Path clean = tmp.resolve("clean");
      Path output = tmp.resolve("out");
      runInProcess(args(sim, clean));
      sim.resetStats();
      runInProcess(args(sim, output));
      long fullReadRequests = sim.stats().requests();
      TreeSet<String> before = published(output);
      List<String> expected = rows(clean);
      sim.resetStats();

      // Act 1: a second run over the same output, killed once it has kept about 40% of the pages
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "com.amperityworkflowruns.Main"));
      command.addAll(args(sim, output));
      Process job = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(tmp.resolve("killed.log").toFile()).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (keptPages(output) < fullReadRequests * 2 / 5 && job.isAlive()
          && System.nanoTime() < deadline) {
        job.waitFor(50, TimeUnit.MILLISECONDS);
      }
      assertThat(job.isAlive()).as("the job was still reading when killed").isTrue();
      job.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      long kept = keptPages(output);

      // Assert 1: what was published stays as it was
      assertThat(published(output)).isEqualTo(before);
      assertThat(rows(output)).isEqualTo(expected);

      // Act 2: resume
      sim.resetStats();
      String report = runInProcess(args(sim, output, "--resume"));

      // Assert 2: same output as a clean run; at most the requests whose pages were not kept, plus
      // one per initial shard (its first page decides its sub-shards again)
      long initialShards = 16; // 31 days in shards of P2D
      System.out.printf("resume figures: full read %d requests, killed with %d pages kept,"
          + " resumed with %d requests%n", fullReadRequests, kept, sim.stats().requests());
      assertThat(rows(output)).isEqualTo(expected);
      assertThat(shape(output)).isEqualTo(shape(clean));
      assertThat(report).containsPattern("[1-9][0-9]* shards resumed");
      assertThat(kept).isGreaterThanOrEqualTo(fullReadRequests * 2 / 5);
      assertThat(sim.stats().requests())
          .as("requests of the resumed run (full read %d, pages kept %d)", fullReadRequests, kept)
          .isLessThanOrEqualTo(fullReadRequests - kept + initialShards);
      assertThat(Files.exists(output.resolve("_tenants/acme-demo/_resume"))).isFalse();
    }
  }

  /** Pages kept in the resume spool (complete files only). */
  private static long keptPages(Path output) throws Exception {
    Path resume = output.resolve("_tenants/acme-demo/_resume");
    if (!Files.isDirectory(resume)) {
      return 0;
    }
    try (Stream<Path> paths = Files.walk(resume)) {
      return paths.filter(p -> p.getFileName().toString().matches("page-\\d+\\.jsonl")).count();
    } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
      return 0; // the job renamed a file while we walked: count again at the next poll
    }
  }
}
