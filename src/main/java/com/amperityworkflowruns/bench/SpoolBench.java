package com.amperityworkflowruns.bench;

import com.amperityworkflowruns.launcher.Launcher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the resume spool costs the read on a slow object store: the same backfill with {@code
 * --resume} into {@code benchmem://} ({@link MemObjectStore}), once with no delay and once with
 * a delay on every object request, {@code repeat} times in turn, each against a fresh simulator
 * process. The figure is the read's requests per second (first to last request the simulator
 * saw), with the delay over without: 1.0 means the spool's writes cost the read nothing.
 */
final class SpoolBench {
  private final int runs;
  private final int days;
  private final int pageSize;
  private final int latencyMin;
  private final int latencyMax;
  private final int rate;
  private final Duration delay;
  private final int repeat;

  SpoolBench(int runs, int days, int pageSize, int latencyMin, int latencyMax, int rate,
      Duration delay, int repeat) {
    this.runs = runs;
    this.days = days;
    this.pageSize = pageSize;
    this.latencyMin = latencyMin;
    this.latencyMax = latencyMax;
    this.rate = rate;
    this.delay = delay;
    this.repeat = repeat;
  }

  /** One job: the read's pace, what the store served, and how the job ended. */
  private record Job(double requestsPerSecond, long requests, double seconds, long storeRequests,
      String written, int exitCode, String load) {}

  void run() throws Exception {
    MemObjectStore.setDelay(MemObjectStore.BENCH, Duration.ZERO);
    System.out.printf("tenant: %,d runs over %d days, page size %d, latency %d-%d ms, limit %d"
        + " requests/s; output and resume spool on benchmem:// (in memory, Cloud Storage"
        + " semantics), --resume on; %d x (no delay, %d ms on every object request)%n",
        runs, days, pageSize, latencyMin, latencyMax, rate, repeat, delay.toMillis());
    List<Double> plain = new ArrayList<>();
    List<Double> delayed = new ArrayList<>();
    for (int i = 1; i <= repeat; i++) {
      Job a = job(Duration.ZERO);
      print(i, Duration.ZERO, a);
      Job b = job(delay);
      print(i, delay, b);
      plain.add(a.requestsPerSecond);
      delayed.add(b.requestsPerSecond);
      System.out.printf("run %d: ratio %.3f%n", i, b.requestsPerSecond / a.requestsPerSecond);
    }
    double p = median(plain);
    double d = median(delayed);
    System.out.printf("%nmedian of %d: %.2f requests/s without the delay, %.2f with %d ms;"
        + " ratio %.3f%n", repeat, p, d, delay.toMillis(), d / p);
  }

  private static void print(int i, Duration d, Job j) {
    System.out.printf("run %d, delay %3d ms: %,d requests in %.1f s = %.2f requests/s; %,d object"
        + " requests; %s runs written; exit %d; load %s%n", i, d.toMillis(), j.requests, j.seconds,
        j.requestsPerSecond, j.storeRequests, j.written, j.exitCode, j.load);
  }

  private Job job(Duration storeDelay) throws Exception {
    MemObjectStore.setDelay(MemObjectStore.BENCH, storeDelay);
    String bucket = MemObjectStore.BENCH + "://bench-" + UUID.randomUUID().toString()
        .substring(0, 8);
    Path token = Files.createTempFile("bench-token", ".txt");
    try (SimulatorProcess api =
        SimulatorProcess.start(runs, days, latencyMin, latencyMax, rate, 0)) {
      Files.writeString(token, BenchTenant.config(runs, days, 0, 0, 0, 0).staticToken());
      String from = "2024-01-01";
      String to = java.time.LocalDate.parse(from).plusDays(days).toString();
      String[] argv = {"--tenant=bench", "--baseUrl=" + api.baseUrl(), "--tokenFile=" + token,
          "--createdFrom=" + from, "--createdTo=" + to, "--output=" + bucket + "/out",
          "--pageSize=" + pageSize, "--rateLimit=" + rate, "--resume"};
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
      PrintStream err = new PrintStream(OutputStream.nullOutputStream(), true,
          StandardCharsets.UTF_8);
      long storeBefore = MemObjectStore.requests(MemObjectStore.BENCH);
      int code = new Launcher(out, err, Map.of(), Clock.systemUTC()).run(argv);
      long storeRequests = MemObjectStore.requests(MemObjectStore.BENCH) - storeBefore;
      BenchApi.Figures f = api.figures();
      String text = captured.toString(StandardCharsets.UTF_8);
      Matcher m = Pattern.compile("([\\d,]+) runs written").matcher(text);
      if (code != 0) {
        System.out.println(text);
      }
      return new Job(f.requests() / f.seconds(), f.requests(), f.seconds(), storeRequests,
          m.find() ? m.group(1) : "?", code, load());
    } finally {
      MemObjectStore.deleteAll(bucket + "/");
      Files.deleteIfExists(token);
    }
  }

  /** The 1, 5 and 15 minute load averages, as {@code uptime} shows them. */
  private static String load() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
