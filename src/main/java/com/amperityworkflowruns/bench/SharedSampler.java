package com.amperityworkflowruns.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code Benchmark shared competitorStop=S}: samples the simulator's counts every 250 ms while the
 * job runs beside the other client, stops that client after {@code S} seconds, and reports what
 * the good-neighbour targets need: the job's useful rate and the other client's 429 share while
 * both ran, and how long after the other client stopped the job used the full budget again (its
 * requests over a trailing 3 s at 9 requests/s or more).
 */
final class SharedSampler implements AutoCloseable {
  private static final long PERIOD_MILLIS = 250;
  private static final double FULL = 9.0;
  private static final long TRAILING_NANOS = 3_000_000_000L;

  private record Sample(long nanos, long jobRequests, long job429, long other429) {}

  private final BenchApi api;
  private final Competitor competitor;
  private final long stopAfterNanos;
  private final long start = System.nanoTime();
  private final List<Sample> samples = new ArrayList<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private Sample atStop;
  private long otherRequests;
  private long other429;

  SharedSampler(BenchApi api, Competitor competitor, long stopAfterSeconds) {
    this.api = api;
    this.competitor = competitor;
    this.stopAfterNanos = stopAfterSeconds * 1_000_000_000L;
    timer.scheduleAtFixedRate(this::sample, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  private synchronized void sample() {
    BenchApi.Figures f = api.figures();
    long now = System.nanoTime();
    Sample s = new Sample(now, f.requests() - competitor.requests(),
        f.tooMany429() - competitor.rejected(), competitor.rejected());
    samples.add(s);
    if (atStop == null && now - start >= stopAfterNanos) {
      competitor.close();
      atStop = s;
      otherRequests = competitor.requests();
      other429 = competitor.rejected();
    }
  }

  /** The figures, once the job ended. */
  synchronized String report() {
    if (atStop == null) {
      return "the job ended before the other client was stopped: raise runs= or lower competitorStop=";
    }
    Sample first = samples.stream().filter(s -> s.jobRequests > 0).findFirst().orElse(atStop);
    double shared = (atStop.nanos - first.nanos) / 1e9;
    double useful = (atStop.jobRequests - atStop.job429 - first.jobRequests + first.job429) / shared;
    String back = "not within the job";
    for (int i = samples.indexOf(atStop); i < samples.size(); i++) {
      Sample s = samples.get(i);
      Sample from = trailing(s);
      if (from != null && (s.jobRequests - from.jobRequests) / ((s.nanos - from.nanos) / 1e9) >= FULL) {
        back = String.format("%.1f s", (s.nanos - atStop.nanos) / 1e9);
        break;
      }
    }
    StringBuilder timeline = new StringBuilder("job's requests per 5 s (| the other client stopped):");
    StringBuilder other = new StringBuilder("the other client's 429s per 5 s:");
    Sample bucketStart = first;
    for (Sample s : samples) {
      if (s.nanos - first.nanos < 0) {
        continue;
      }
      if (s.nanos - bucketStart.nanos >= 5_000_000_000L || s == samples.get(samples.size() - 1)) {
        timeline.append(' ').append(s.jobRequests - bucketStart.jobRequests);
        if (s.nanos - atStop.nanos <= 0) {
          other.append(' ').append(s.other429 - bucketStart.other429);
        }
        bucketStart = s;
      }
      if (s == atStop) {
        timeline.append(" |");
      }
    }
    timeline.append(System.lineSeparator()).append(other).append(" (")
        .append(first.other429).append(" before the job's first request)");
    return timeline + System.lineSeparator() + String.format("while both ran (%.0f s): job's useful rate %.2f requests/s; other client"
        + " %,d requests, %,d got 429 (%.1f%%)%nafter the other client stopped: the job at %.0f"
        + " requests/s or more (trailing 3 s) after %s", shared, useful, otherRequests, other429,
        100.0 * other429 / Math.max(1, otherRequests), FULL, back);
  }

  /** The latest sample at least {@link #TRAILING_NANOS} before {@code s}, or null. */
  private Sample trailing(Sample s) {
    Sample found = null;
    for (Sample t : samples) {
      if (s.nanos - t.nanos >= TRAILING_NANOS) {
        found = t;
      }
    }
    return found;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
