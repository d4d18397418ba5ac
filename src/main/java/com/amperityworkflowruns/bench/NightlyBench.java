package com.amperityworkflowruns.bench;

import com.amperityworkflowruns.launcher.Launcher;
import com.amperityworkflowruns.simulator.ApiSimulator;
import com.amperityworkflowruns.simulator.SimRun;
import com.amperityworkflowruns.simulator.SimulatorConfig;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What re-reading runs that finish after the lookback costs a nightly job: on the benchmark's
 * tenant with a share of long runs (2-9 days), a backfill, then a nightly job with a three-day
 * lookback three days later, into the same output; and the same nightly into an empty output,
 * which has nothing to refresh. The difference in requests is the refresh's price; the runs
 * created before the lookback that ended between the two jobs are what it keeps from going stale.
 * Latency and rate limit are off: the figures are request counts, not times.
 */
final class NightlyBench {
  private final int runs;
  private final int days;
  private final int pageSize;
  private final double longRuns;

  NightlyBench(int runs, int days, int pageSize, double longRuns) {
    this.runs = runs;
    this.days = days;
    this.pageSize = pageSize;
    this.longRuns = longRuns;
  }

  /** A clock the benchmark moves forward between jobs. */
  private static final class SteppedClock extends Clock {
    private volatile Instant now;

    SteppedClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return Clock.fixed(now, zone);
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  void run() throws Exception {
    SimulatorConfig base = BenchTenant.config(runs, days, 0, 0, 0, 0);
    LocalDate lastDay = base.dataTo().minusDays(1);
    LocalDate backfillTo = lastDay.minusDays(3);
    SteppedClock clock = new SteppedClock(
        backfillTo.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(2)));
    SimulatorConfig config =
        base.toBuilder().longRunFraction(longRuns).clock(clock).build();
    System.out.printf("tenant: %,d runs over %d days from %s (busy days x12, ~5%% empty), %.0f%% of"
        + " runs last 2-9 days, page size %d; backfill of [%s, %s) at %s, then a nightly"
        + " (--lookbackDays=3) three days later%n", runs, days, base.dataFrom(), longRuns * 100,
        pageSize, base.dataFrom(), backfillTo, clock.instant());
    Path work = Files.createTempDirectory("bench-nightly");
    try (ApiSimulator sim = ApiSimulator.start(config)) {
      Path token = Files.writeString(work.resolve("token"), config.staticToken());
      Path out = work.resolve("out");
      List<String> common = List.of("--tenant=bench", "--baseUrl=" + sim.baseUrl(),
          "--tokenFile=" + token, "--pageSize=" + pageSize, "--rateLimit=1000");
      Instant backfillAt = clock.instant();
      Job backfill = job(sim, clock, common, "--output=" + out,
          "--createdFrom=" + base.dataFrom(), "--createdTo=" + backfillTo);

      clock.advance(Duration.ofDays(3).plusHours(1));
      Instant nightlyAt = clock.instant();
      Job nightly = job(sim, clock, common, "--output=" + out, "--lookbackDays=3");
      Job alone = job(sim, clock, common, "--output=" + work.resolve("empty"), "--lookbackDays=3");

      long ended = 0;
      TreeSet<LocalDate> endedDays = new TreeSet<>();
      Instant lookbackStart = backfillTo.atStartOfDay(ZoneOffset.UTC).toInstant();
      for (SimRun r : sim.tenant().runs()) {
        if (r.createdAt() != null && r.createdAt().isBefore(lookbackStart) && r.endedAt() != null
            && r.endedAt().isAfter(backfillAt) && !r.endedAt().isAfter(nightlyAt)) {
          ended++;
          endedDays.add(r.createdAt().atZone(ZoneOffset.UTC).toLocalDate());
        }
      }
      long extra = nightly.requests - alone.requests;
      System.out.println();
      System.out.printf("backfill: %,d requests, exit code %d%n", backfill.requests, backfill.exitCode);
      System.out.printf("nightly into an empty output (nothing to refresh): %,d requests, exit %d%n",
          alone.requests, alone.exitCode);
      System.out.printf("nightly after the backfill: %,d requests, exit %d; %s%n",
          nightly.requests, nightly.exitCode, nightly.refreshLine);
      System.out.printf("runs created before the lookback that ended between the jobs: %,d on %d"
          + " day(s) (stale for ever without the refresh)%n", ended, endedDays.size());
      System.out.printf("refresh cost: %,d extra requests = %.2f x the nightly's own, %.3f x the"
          + " backfill's%n", extra, extra / (double) alone.requests,
          extra / (double) backfill.requests);
    } finally {
      try (var paths = Files.walk(work)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** One job's request count and refresh line. */
  private static final class Job {
    long requests;
    int exitCode;
    String refreshLine = "(no refresh line)";
  }

  private static Job job(ApiSimulator sim, Clock clock, List<String> common, String... more) {
    List<String> argv = new ArrayList<>(common);
    argv.addAll(List.of(more));
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    sim.resetStats();
    Job j = new Job();
    j.exitCode = new Launcher(out, err, Map.of(), clock).run(argv.toArray(new String[0]));
    j.requests = sim.stats().requests();
    Matcher m = Pattern.compile("(?m)^refresh: .*$").matcher(captured.toString(StandardCharsets.UTF_8));
    if (m.find()) {
      j.refreshLine = m.group();
    }
    if (j.exitCode != 0) {
      System.out.println(captured.toString(StandardCharsets.UTF_8));
    }
    return j;
  }
}
