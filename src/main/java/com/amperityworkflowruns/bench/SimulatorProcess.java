package com.amperityworkflowruns.bench;

import com.amperityworkflowruns.launcher.ConsoleLogging;
import com.amperityworkflowruns.simulator.ApiSimulator;
import com.amperityworkflowruns.simulator.SimRun;
import com.amperityworkflowruns.simulator.SimulatorConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's simulator in a JVM of its own, driven over its standard streams: it prints
 * {@code ready BASE_URL RUNS MALFORMED}, then answers {@code figures} with one line of numbers and
 * ends on {@code quit} or when its input closes (so it never outlives the benchmark).
 */
final class SimulatorProcess implements BenchApi {
  /** Pages served without the limit before the benchmark starts ({@link ApiSimulator#warmUp}). */
  private static final int WARM_UP_REQUESTS = 300;
  private final Process process;
  private final BufferedReader out;
  private final PrintStream in;
  private final String baseUrl;
  private final long runs;
  private final long malformed;

  private SimulatorProcess(Process process) throws IOException {
    this.process = process;
    this.out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    try {
      String[] ready = readLine("ready").split(" ");
      this.baseUrl = ready[1];
      this.runs = Long.parseLong(ready[2]);
      this.malformed = Long.parseLong(ready[3]);
    } catch (RuntimeException e) {
      process.destroyForcibly();
      throw new IOException("the simulator process gave an unreadable ready line", e);
    }
  }

  /** Starts the simulator of {@link BenchTenant#config} with these settings in a new JVM. */
  static SimulatorProcess start(int runs, int days, int latencyMin, int latencyMax, int rate,
      int jitterMillis) throws IOException {
    return start(runs, days, latencyMin, latencyMax, rate, jitterMillis, 1000);
  }

  /** The same, refusing pages larger than {@code maxPageSize} with a 400. */
  static SimulatorProcess start(int runs, int days, int latencyMin, int latencyMax, int rate,
      int jitterMillis, int maxPageSize) throws IOException {
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    // ZGC: the simulator stands for a remote API, whose limiter does not stop while a page server
    // collects garbage; with G1, requests stamped up to 151 ms late made 429s that no send of
    // the job explains (docs/decisions.md)
    List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx2g", "-XX:+UseZGC", "-cp",
        System.getProperty("java.class.path"), SimulatorProcess.class.getName()));
    for (int v : new int[] {runs, days, latencyMin, latencyMax, rate, jitterMillis, maxPageSize}) {
      command.add(String.valueOf(v));
    }
    // its log goes to a file named in any failure, not into the benchmark's figures
    Path log = Files.createTempFile("bench-simulator", ".log");
    try {
      return new SimulatorProcess(
          new ProcessBuilder(command).redirectError(log.toFile()).start());
    } catch (IOException e) {
      throw new IOException(e.getMessage() + " (its log: " + log + ")", e);
    }
  }

  @Override
  public String baseUrl() {
    return baseUrl;
  }

  @Override
  public long runs() {
    return runs;
  }

  @Override
  public long malformed() {
    return malformed;
  }

  @Override
  public Figures figures() {
    in.println("figures");
    try {
      String[] f = readLine("figures").split(" ");
      return new Figures(Long.parseLong(f[1]), Long.parseLong(f[2]), Integer.parseInt(f[3]),
          Long.parseLong(f[4]), Long.parseLong(f[5]));
    } catch (IOException e) {
      throw new IllegalStateException("the simulator process stopped answering", e);
    }
  }

  @Override
  public void reset() {
    in.println("reset");
    try {
      readLine("reset");
    } catch (IOException e) {
      throw new IllegalStateException("the simulator process stopped answering", e);
    }
  }

  @Override
  public void close() {
    in.println("quit");
    in.close();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private String readLine(String expected) throws IOException {
    String line = out.readLine();
    while (line != null && !line.startsWith(expected + " ")) {
      line = out.readLine(); // anything else the simulator printed
    }
    if (line == null) {
      process.destroyForcibly();
      throw new IOException("the simulator process ended before it said " + expected);
    }
    return line;
  }

  /** The simulator process: RUNS DAYS LATENCY_MIN LATENCY_MAX RATE JITTER_MS [MAX_PAGE_SIZE]. */
  public static void main(String[] args) throws IOException {
    ConsoleLogging.install();
    int[] v = new int[7];
    v[6] = 1000;
    for (int i = 0; i < Math.min(args.length, v.length); i++) {
      v[i] = Integer.parseInt(args[i]);
    }
    SimulatorConfig config = BenchTenant.config(v[0], v[1], v[2], v[3], v[4], v[5])
        .toBuilder().maxPageSize(v[6]).build();
    try (ApiSimulator api = ApiSimulator.start(config)) {
      api.warmUp(WARM_UP_REQUESTS);
      long malformed = api.tenant().runs().stream().filter(SimRun::malformed).count();
      System.out.println("ready " + api.baseUrl() + " " + api.tenant().runs().size() + " " + malformed);
      System.out.flush();
      BufferedReader commands =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String c = commands.readLine(); c != null && !c.equals("quit"); c = commands.readLine()) {
        if (c.equals("reset")) {
          api.resetStats();
          System.out.println("reset done");
          System.out.flush();
        }
        if (c.equals("figures")) {
          Figures f = Figures.of(api.stats());
          System.out.println("figures " + f.requests() + " " + f.tooMany429() + " "
              + f.peakRequestsPerSecond() + " " + f.firstNanos() + " " + f.lastNanos());
          System.out.flush();
        }
      }
    }
  }
}
