package com.amperityworkflowruns.pacing;

import com.amperityworkflowruns.fetch.Dispatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code Benchmark shared} in simulated time, for {@link NeighbourPacing}: a job reading through a
 * {@link RateBudget} of 10 requests/s beside another client that sends a steady {@code otherRate}
 * requests/s on the same tenant, at an API that allows 10 in any second (a strict sliding window,
 * as the simulator's) and answers each request 300-1500 ms later. Each request reaches the API
 * 0.3-3 ms after it is sent. The other client starts first and stops at {@code otherStopSeconds};
 * the job always has a page to send. The benchmark's figures with the pacing before this one
 * (other client 6-14% 429s, job 5.1-5.6 requests/s) came out here at 5-10% and 5.1-5.5.
 */
final class NeighbourRun {
  private static final long MS = 1_000_000L;
  private static final long SECOND = 1000 * MS;
  private static final int LIMIT = 10;
  private static final int ARRIVE = 0;
  private static final int ANSWER_OK = 1;
  private static final int ANSWER_429 = 2;

  /** What the good-neighbour targets need, as {@code SharedSampler} reports them. */
  record Figures(double otherShare429, double jobUsefulRate, double climbBackSeconds) {}

  private record Event(long at, int kind, long sentAt, boolean job, long seq)
      implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
    }
  }

  private final AtomicLong now = new AtomicLong(100 * SECOND);
  private final SplittableRandom random;
  private final PriorityQueue<Event> events = new PriorityQueue<>();
  private final ArrayDeque<Long> window = new ArrayDeque<>();
  private long seq;

  NeighbourRun(long seed) {
    this.random = new SplittableRandom(seed);
  }

  private void add(long at, int kind, long sentAt, boolean job) {
    events.add(new Event(at, kind, sentAt, job, seq++));
  }

  private long toTheApi() {
    return (long) (random.nextDouble(0.3, 3.0) * MS);
  }

  /** Runs {@code seconds} of simulated time, the job starting at {@code jobStartSeconds}. */
  Figures run(double otherRate, double jobStartSeconds, double otherStopSeconds, double seconds) {
    long start = now.get();
    RateBudget budget = new RateBudget(LIMIT, now::get);
    long jobStart = start + (long) (jobStartSeconds * SECOND);
    long otherStop = start + (long) (otherStopSeconds * SECOND);
    long end = start + (long) (seconds * SECOND);
    for (long t = start; t < otherStop; t += (long) (SECOND / otherRate)) {
      add(t + toTheApi(), ARRIVE, t, false);
    }
    long otherRequests = 0;
    long other429 = 0;
    List<long[]> jobArrivals = new ArrayList<>(); // {when, 1 if answered 429}
    long jobFirst = -1;
    int inFlight = 0;
    long dispatcherTurn = start;
    while (now.get() < end) {
      Event e = events.peek();
      long t = e == null ? dispatcherTurn : Math.min(e.at, dispatcherTurn);
      now.set(t);
      if (e != null && e.at == t) {
        events.poll();
        if (e.kind == ARRIVE) {
          while (!window.isEmpty() && t - window.peekFirst() >= SECOND) {
            window.pollFirst();
          }
          boolean refused = window.size() >= LIMIT;
          if (!refused) {
            window.addLast(t);
          }
          if (e.job) {
            jobArrivals.add(new long[] {t, refused ? 1 : 0});
            add(t + (long) (random.nextDouble(300, 1500) * MS), refused ? ANSWER_429 : ANSWER_OK,
                e.sentAt, true);
          } else {
            otherRequests++;
            other429 += refused ? 1 : 0;
          }
        } else {
          inFlight--;
          if (e.kind == ANSWER_OK) {
            budget.onSuccess();
          } else {
            budget.onRateLimited(e.sentAt);
          }
        }
        continue;
      }
      dispatcherTurn = t + MS; // the dispatcher looks every millisecond
      while (t - jobStart >= 0 && inFlight < Dispatcher.MAX_IN_FLIGHT
          && budget.nanosUntilPermit() == 0 && budget.tryAcquire()) {
        inFlight++;
        jobFirst = jobFirst < 0 ? t : jobFirst;
        add(t + toTheApi(), ARRIVE, t, true);
      }
    }
    return new Figures(other429 / (double) otherRequests,
        usefulRate(jobArrivals, jobFirst, otherStop), climbBack(jobArrivals, otherStop, end));
  }

  /** The job's requests answered without a 429 per second, from its first until the other stopped. */
  private static double usefulRate(List<long[]> arrivals, long from, long to) {
    long useful = arrivals.stream()
        .filter(a -> a[0] - from >= 0 && a[0] - to < 0 && a[1] == 0).count();
    return useful / ((to - from) / 1e9);
  }

  /** Seconds after {@code stop} until the job sent 9 requests/s or more over a trailing 3 s. */
  private static double climbBack(List<long[]> arrivals, long stop, long end) {
    for (long t = stop; t < end; t += SECOND / 4) {
      long at = t;
      long n = arrivals.stream().filter(a -> at - a[0] < 3 * SECOND && at - a[0] >= 0).count();
      if (n >= 27) {
        return (t - stop) / 1e9;
      }
    }
    return Double.POSITIVE_INFINITY;
  }
}
