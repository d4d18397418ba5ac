package com.amperityworkflowruns.bench;

import com.amperityworkflowruns.launcher.ConsoleLogging;
import com.amperityworkflowruns.launcher.Launcher;
import com.amperityworkflowruns.simulator.ApiSimulator;
import com.amperityworkflowruns.simulator.SimulatorConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Measures the pipeline against the embedded simulator, in one process run.
 *
 * <pre>
 * java -cp target/amperity-workflow-runs.jar com.amperityworkflowruns.bench.Benchmark [mode] [key=value ...]
 *   mode throughput (default): the backfill vs a serial next_token loop, at the rate limit
 *   mode shared: the same with a second client using part of the tenant's budget
 *   mode jitter: the pipeline alone against a limiter that counts each request 0-60 ms after it
 *             arrives (network jitter): 429 share and the budget's useful utilization
 *   mode cpu: latency and rate limit off, page size 1000, 1,000,000 runs, three times: runs/s end
 *             to end and of the read alone, their medians and ratio, and peak heap (run it with
 *             -Xmx4g to hold the job to the 4 GiB aim)
 *   mode nightly: what re-reading runs that ended after the lookback costs a nightly job (extra
 *             requests against the same nightly with nothing to refresh), longRuns=0.05
 *   mode spool: page size 1000 with --resume into an in-memory object store, without and with a
 *             delay on every object request, three times: the read's requests/s and their ratio
 *             (keys delay=50 (ms) latency=300-1500 rate=10 runs=200000 days=60 repeat=3)
 *   mode pagesize: the same tenant at --pageSize=100 and at auto against a simulator accepting
 *             pages of at most largest=500 (a 400 above): requests, seconds, ratios; runs=200000;
 *             the simulator in its own JVM (simulator=inline: in this one)
 *   keys: runs=50000 (cpu: 1000000) days=60 pageSize=100 latency=300-1500 competitor=4 (requests/s, shared mode)
 *         jitter=60 (ms, jitter mode) repeat=3 (cpu mode)
 *         competitorStop=60 (shared mode: stop the other client after 60 s and report the job's
 *         useful rate and the other's 429s while both ran, and how soon the job used the full
 *         budget again)
 *         baseline=off (skip the serial loop) extra=--opt=v,--opt2=v (more job options)
 *         simulator=inline (throughput modes: run the simulator in this JVM instead of its own, where
 *         the job's garbage-collection pauses would also stop the limiter's clock)
 * </pre>
 */
public final class Benchmark {
  private final Map<String, String> args;

  private Benchmark(Map<String, String> args) {
    this.args = args;
  }

  /** Runs the benchmark named by the first argument and prints its figures. */
  public static void main(String[] argv) throws Exception {
    ConsoleLogging.install();
    String mode = argv.length > 0 && !argv[0].contains("=") ? argv[0] : "throughput";
    Map<String, String> args = new HashMap<>();
    for (String a : argv) {
      if (a.contains("=")) {
        args.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
      }
    }
    Benchmark b = new Benchmark(args);
    switch (mode) {
      case "throughput":
        b.throughput(false, 0);
        break;
      case "shared":
        b.throughput(true, 0);
        break;
      case "jitter":
        b.throughput(false, b.intArg("jitter", 60));
        break;
      case "cpu":
        b.cpu();
        break;
      case "nightly":
        new NightlyBench(b.intArg("runs", 50_000), b.intArg("days", 60), b.intArg("pageSize", 100),
            Double.parseDouble(args.getOrDefault("longRuns", "0.05"))).run();
        break;
      case "spool": {
        String[] lat = args.getOrDefault("latency", "300-1500").split("-");
        new SpoolBench(b.intArg("runs", 200_000), b.intArg("days", 60), b.intArg("pageSize", 1000),
            Integer.parseInt(lat[0]), Integer.parseInt(lat[1]), b.intArg("rate", 10),
            java.time.Duration.ofMillis(b.intArg("delay", 50)), b.intArg("repeat", 3)).run();
        break;
      }
      case "pagesize": {
        String[] lat = args.getOrDefault("latency", "300-1500").split("-");
        new PageSizeBench(b.intArg("runs", 200_000), b.intArg("days", 60),
            Integer.parseInt(lat[0]), Integer.parseInt(lat[1]), b.intArg("largest", 500),
            "inline".equals(args.get("simulator"))).run();
        break;
      }
      default:
        System.err.println("error: unknown mode " + mode
            + " (throughput, shared, jitter, cpu, nightly, spool, pagesize)");
        System.exit(2);
    }
    System.exit(0);
  }

  private int intArg(String key, int def) {
    return Integer.parseInt(args.getOrDefault(key, String.valueOf(def)));
  }

  /** The throughput benchmarks' API: a simulator process unless {@code simulator=inline}. */
  private BenchApi api(int runs, int days, int latencyMin, int latencyMax, int jitterMillis)
      throws Exception {
    return "inline".equals(args.get("simulator"))
        ? BenchApi.inline(ApiSimulator.start(
            BenchTenant.config(runs, days, latencyMin, latencyMax, 10, jitterMillis)))
        : SimulatorProcess.start(runs, days, latencyMin, latencyMax, 10, jitterMillis);
  }

  private void throughput(boolean shared, int jitterMillis) throws Exception {
    int runs = intArg("runs", 50_000);
    int days = intArg("days", 60);
    int pageSize = intArg("pageSize", 100);
    String[] latency = args.getOrDefault("latency", "300-1500").split("-");
    int latencyMin = Integer.parseInt(latency[0]);
    int latencyMax = Integer.parseInt(latency[1]);
    SimulatorConfig config = BenchTenant.config(runs, days, latencyMin, latencyMax, 10, jitterMillis);
    System.out.printf(
        "tenant: %,d runs over %d days (busy days x12, ~5%% empty), page size %d, latency %d-%d ms,"
            + " limit 10 requests/s (strict sliding 1 s window, counted 0-%d ms after arrival),"
            + " simulator %s%n",
        runs, days, pageSize, latencyMin, latencyMax, jitterMillis,
        "inline".equals(args.get("simulator")) ? "in this JVM" : "in its own JVM");
    long good;
    boolean withBaseline = !(shared || jitterMillis > 0 || "off".equals(args.get("baseline")));
    try (BenchApi pipelineApi = api(runs, days, latencyMin, latencyMax, jitterMillis);
        BenchApi baselineApi = withBaseline ? api(runs, days, latencyMin, latencyMax, 0) : null) {
      good = pipelineApi.runs();
      String from = config.dataFrom().toString();
      String to = config.dataTo().toString();
      CompletableFuture<long[]> baseline =
          baselineApi == null
              ? CompletableFuture.completedFuture(null)
              : CompletableFuture.supplyAsync(() -> {
                  try {
                    return SerialReader.read(baselineApi.baseUrl(), "bench",
                        config.staticToken(), from, to, pageSize);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
      Competitor competitor = shared
          ? new Competitor(pipelineApi.baseUrl(), "bench", config.staticToken(), intArg("competitor", 4))
          : null;
      SharedSampler sampler = competitor != null && args.containsKey("competitorStop")
          ? new SharedSampler(pipelineApi, competitor, intArg("competitorStop", 60)) : null;
      Run pipeline = runPipeline(pipelineApi.baseUrl(), from, to, pageSize, 10, config.staticToken());
      if (sampler != null) {
        sampler.close();
      }
      if (competitor != null) {
        competitor.close();
      }
      BenchApi.Figures s = pipelineApi.figures();
      long ideal = (good + pageSize - 1) / pageSize;
      System.out.println();
      System.out.println("                                   pipeline     serial loop");
      long[] base = baseline.get();
      BenchApi.Figures b = baselineApi == null ? null : baselineApi.figures();
      double pSec = s.seconds();
      double bSec = b == null ? Double.NaN : b.seconds();
      long pRequests = s.requests() - (competitor == null ? 0 : competitor.requests());
      row("runs (pipeline: written, loop: read)", pipeline.runsWritten, base == null ? null : (double) base[0], "%,.0f");
      row("requests", (double) pRequests, b == null ? null : (double) b.requests(), "%,.0f");
      row("ideal requests ceil(N/P)", (double) ideal, b == null ? null : (double) ideal, "%,.0f");
      row("request efficiency (req/ideal)", pRequests / (double) ideal,
          b == null ? null : b.requests() / (double) ideal, "%.3f");
      row("seconds first to last request", pSec, b == null ? null : bSec, "%.1f");
      row("achieved requests/s", pRequests / pSec, b == null ? null : b.requests() / bSec, "%.2f");
      row("utilization (achieved / 10)", pRequests / pSec / 10,
          b == null ? null : b.requests() / bSec / 10, "%.3f");
      row("peak requests in any 1 s window", (double) s.peakRequestsPerSecond(),
          b == null ? null : (double) b.peakRequestsPerSecond(), "%.0f");
      row("429 responses", (double) (s.tooMany429() - (competitor == null ? 0 : competitor.rejected())),
          b == null ? null : (double) b.tooMany429(), "%.0f");
      long p429 = s.tooMany429() - (competitor == null ? 0 : competitor.rejected());
      row("429 share of requests", p429 / (double) pRequests, b == null ? null
          : b.tooMany429() / (double) b.requests(), "%.4f");
      row("useful utilization (non-429 / 10)", (pRequests - p429) / pSec / 10, b == null ? null
          : (b.requests() - b.tooMany429()) / bSec / 10, "%.3f");
      row("runs/s", good / pSec, b == null ? null : good / bSec, "%,.0f");
      row("job wall time, s (incl. start-up)", pipeline.wallSeconds, null, "%.1f");
      if (b != null) {
        System.out.printf("speed-up over the serial loop: %.1fx%n", bSec / pSec);
      }
      if (competitor != null) {
        System.out.printf(
            "second client: %,d requests, %,d got 429; the job's output: %,.0f runs of %,d expected (lost %,.0f)%n",
            competitor.requests(), competitor.rejected(), pipeline.runsWritten,
            good - pipelineApi.malformed(), good - pipelineApi.malformed() - pipeline.runsWritten);
      }
      if (sampler != null) {
        System.out.println(sampler.report());
      }
      System.out.printf("exit code %d; peak heap %s%n", pipeline.exitCode, mib(pipeline.peakHeapBytes));
    }
  }

  private void cpu() throws Exception {
    int runs = intArg("runs", 1_000_000);
    int days = intArg("days", 60);
    int pageSize = intArg("pageSize", 1000);
    int repeat = intArg("repeat", 3);
    SimulatorConfig config = BenchTenant.config(runs, days, 0, 0, 0, 0);
    System.out.printf("tenant: %,d runs over %d days, page size %d, no latency, no rate limit;"
        + " %d runs of the job%n", runs, days, pageSize, repeat);
    List<Double> endToEnd = new ArrayList<>();
    List<Double> readAlone = new ArrayList<>();
    try (ApiSimulator api = ApiSimulator.start(config)) {
      for (int i = 0; i < repeat; i++) {
        api.resetStats();
        Run run = runPipeline(api.baseUrl(), config.dataFrom().toString(), config.dataTo().toString(),
            pageSize, 1000, config.staticToken());
        double readSeconds = BenchApi.Figures.of(api.stats()).seconds();
        endToEnd.add(run.runsWritten / run.wallSeconds);
        readAlone.add(runs / readSeconds);
        System.out.printf(
            "%nrun %d: end to end (read, normalize, deduplicate, statistics, Parquet, publish):"
                + " %,.0f runs in %.1f s = %,.0f runs/s; read phase %.1f s = %,.0f runs/s;"
                + " peak heap used %s (max %s); exit code %d%n",
            i + 1, run.runsWritten, run.wallSeconds, endToEnd.get(i), readSeconds,
            readAlone.get(i), mib(run.peakHeapBytes), mib(Runtime.getRuntime().maxMemory()),
            run.exitCode);
      }
    }
    double e2e = median(endToEnd);
    double read = median(readAlone);
    System.out.printf("%nmedian of %d: end to end %,.0f runs/s, read alone %,.0f runs/s,"
        + " ratio end to end / read alone %.2f%n", repeat, e2e, read, e2e / read);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** The outcome of one job run through the launcher, as a user runs it. */
  private static final class Run {
    double runsWritten;
    double wallSeconds;
    long peakHeapBytes;
    int exitCode;
  }

  private Run runPipeline(String baseUrl, String from, String to, int pageSize, double rate,
      String token) throws Exception {
    Path out = Files.createTempDirectory("bench-out");
    Path tokenFile = Files.createTempFile("bench-token", ".txt");
    Files.writeString(tokenFile, token);
    List<String> argv = new ArrayList<>(List.of(
        "--tenant=bench", "--baseUrl=" + baseUrl, "--tokenFile=" + tokenFile,
        "--createdFrom=" + from, "--createdTo=" + to, "--output=" + out,
        "--pageSize=" + pageSize, "--rateLimit=" + rate));
    if (args.containsKey("extra")) {
      argv.addAll(List.of(args.get("extra").split(",")));
    }
    HeapSampler heap = new HeapSampler();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream tee = new PrintStream(new TeeStream(System.out, captured), true, StandardCharsets.UTF_8);
    long start = System.nanoTime();
    int code = new Launcher(tee, System.err, Map.of(), Clock.system(ZoneOffset.UTC))
        .run(argv.toArray(new String[0]));
    Run r = new Run();
    r.wallSeconds = (System.nanoTime() - start) / 1e9;
    r.exitCode = code;
    r.peakHeapBytes = heap.peak();
    heap.close();
    String text = captured.toString(StandardCharsets.UTF_8);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("([\\d,]+) runs written").matcher(text);
    r.runsWritten = m.find() ? Double.parseDouble(m.group(1).replace(",", "")) : Double.NaN;
    deleteTree(out);
    Files.deleteIfExists(tokenFile);
    return r;
  }

  private static void row(String name, Double pipeline, Double baseline, String format) {
    System.out.printf("%-34s %12s %12s%n", name, String.format(format, pipeline),
        baseline == null ? "" : String.format(format, baseline));
  }

  private static String mib(long bytes) {
    return String.format("%,d MiB", bytes / (1024 * 1024));
  }

  private static void deleteTree(Path root) throws Exception {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
