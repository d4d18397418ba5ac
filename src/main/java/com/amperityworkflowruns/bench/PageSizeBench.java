package com.amperityworkflowruns.bench;

import com.amperityworkflowruns.launcher.Launcher;
import com.amperityworkflowruns.simulator.ApiSimulator;
import com.amperityworkflowruns.simulator.SimulatorConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What {@code --pageSize=auto} buys: the same tenant read twice through the launcher, at a fixed
 * page size of 100 (the old default) and at {@code auto}, against a simulator whose largest
 * accepted {@code limit} is 500 (a 400 above it), at its 10 requests/s limit and with the
 * benchmark's latency, in a JVM of its own as in the throughput modes ({@code simulator=inline}:
 * in this one). Prints requests, seconds and their ratios, and checks the targets: {@code
 * auto} needs at most 1.06 x ceil(runs / 500) requests plus its probes, and is at least 4x faster
 * end to end. A short job first warms the JVM up and is not measured.
 */
final class PageSizeBench {
  private final int runs;
  private final int days;
  private final int latencyMin;
  private final int latencyMax;
  private final int largest;
  private final boolean inline;

  PageSizeBench(int runs, int days, int latencyMin, int latencyMax, int largest, boolean inline) {
    this.runs = runs;
    this.days = days;
    this.latencyMin = latencyMin;
    this.latencyMax = latencyMax;
    this.largest = largest;
    this.inline = inline;
  }

  /** One job: what the simulator saw and how long the launcher took. */
  private record Job(int exitCode, long requests, long tooMany429, double readSeconds,
      double wallSeconds, long runsWritten, String pageSizeLine, long probeRequests) {}

  void run() throws Exception {
    SimulatorConfig config = BenchTenant.config(runs, days, latencyMin, latencyMax, 10, 0)
        .toBuilder().maxPageSize(largest).build();
    System.out.printf("tenant: %,d runs over %d days (busy days x12, ~5%% empty), latency %d-%d ms,"
        + " limit 10 requests/s, largest accepted page %d (a 400 above it), simulator %s%n",
        runs, days, latencyMin, latencyMax, largest, inline ? "in this JVM" : "in its own JVM");
    Path work = Files.createTempDirectory("bench-pagesize");
    try (BenchApi api = inline ? BenchApi.inline(ApiSimulator.start(config))
        : SimulatorProcess.start(runs, days, latencyMin, latencyMax, 10, 0, largest)) {
      Path token = Files.writeString(work.resolve("token"), config.staticToken());
      List<String> common = List.of("--tenant=bench", "--baseUrl=" + api.baseUrl(),
          "--tokenFile=" + token, "--createdFrom=" + config.dataFrom(),
          "--createdTo=" + config.dataTo(), "--rateLimit=10");
      long served = api.runs();
      // Not measured: the first job of a JVM loads and compiles the pipeline's classes.
      List<String> warmUp = new ArrayList<>(common.subList(0, 3));
      warmUp.addAll(List.of("--createdFrom=" + config.dataFrom(),
          "--createdTo=" + config.dataFrom().plusDays(2), "--rateLimit=10"));
      job(api, warmUp, work.resolve("warm-up"), "--pageSize=100");
      Job fixed = job(api, common, work.resolve("fixed"), "--pageSize=100");
      Job auto = job(api, common, work.resolve("auto"), "--pageSize=auto");

      long ideal = (served + largest - 1) / largest;
      double bound = 1.06 * ideal + auto.probeRequests;
      System.out.println();
      System.out.printf("%-40s %12s %12s%n", "", "fixed 100", "auto");
      row("exit code", fixed.exitCode, auto.exitCode, "%d");
      row("runs written", fixed.runsWritten, auto.runsWritten, "%,d");
      row("requests (probes included)", fixed.requests, auto.requests, "%,d");
      row("  of which answered 429", fixed.tooMany429, auto.tooMany429, "%,d");
      row("  of which probes", fixed.probeRequests, auto.probeRequests, "%,d");
      rowD("seconds first to last request", fixed.readSeconds, auto.readSeconds);
      rowD("seconds end to end (launcher)", fixed.wallSeconds, auto.wallSeconds);
      System.out.println("auto: " + auto.pageSizeLine);
      System.out.printf("requests: auto %,d = %.3f x ceil(%,d / %d) = %,d, plus %d probe(s);"
          + " target at most %.0f: %s%n", auto.requests,
          (auto.requests - auto.probeRequests) / (double) ideal, served, largest, ideal,
          auto.probeRequests, bound, auto.requests <= bound ? "met" : "MISSED");
      double speedUp = fixed.wallSeconds / auto.wallSeconds;
      System.out.printf("end to end: auto %.2fx faster than fixed 100 (read phase %.2fx); target"
          + " at least 4x: %s%n", speedUp, fixed.readSeconds / auto.readSeconds,
          speedUp >= 4 ? "met" : "MISSED");
      System.out.printf("requests ratio fixed 100 / auto: %.2f%n",
          fixed.requests / (double) auto.requests);
    } finally {
      try (Stream<Path> paths = Files.walk(work)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static Job job(BenchApi api, List<String> common, Path out, String pageSize) {
    List<String> argv = new ArrayList<>(common);
    argv.add("--output=" + out);
    argv.add(pageSize);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream tee = new PrintStream(new TeeStream(System.out, captured), true,
        StandardCharsets.UTF_8);
    api.reset();
    System.out.println();
    System.out.println("job " + pageSize + ":");
    long start = System.nanoTime();
    int code = new Launcher(tee, System.err, Map.of(), Clock.systemUTC())
        .run(argv.toArray(new String[0]));
    double wall = (System.nanoTime() - start) / 1e9;
    BenchApi.Figures f = api.figures();
    String text = captured.toString(StandardCharsets.UTF_8);
    Matcher written = Pattern.compile("([\\d,]+) runs written").matcher(text);
    Matcher line = Pattern.compile("(?m)^page size: (.*)$").matcher(text);
    String pageLine = line.find() ? line.group(1) : "(no page size line)";
    Matcher probes = Pattern.compile("(\\d+) requests?\\), found by").matcher(pageLine);
    return new Job(code, f.requests(), f.tooMany429(), f.seconds(), wall,
        written.find() ? Long.parseLong(written.group(1).replace(",", "")) : -1, pageLine,
        probes.find() ? Long.parseLong(probes.group(1)) : 0);
  }

  private static void row(String name, long fixed, long auto, String format) {
    System.out.printf("%-40s %12s %12s%n", name, String.format(format, fixed),
        String.format(format, auto));
  }

  private static void rowD(String name, double fixed, double auto) {
    System.out.printf("%-40s %12.1f %12.1f%n", name, fixed, auto);
  }
}
