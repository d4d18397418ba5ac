package com.amperityworkflowruns.launcher;

import com.amperityworkflowruns.io.ReadPlan;
import com.amperityworkflowruns.io.RunsApiIO;
import java.io.PrintStream;
import java.time.temporal.ChronoUnit;

/**
 * {@code --dryRun}: prints the plan of a job (shards, runs, requests, time at the budget, the days
 * whose output would be replaced) from one counting request, then stops: no run is read, nothing
 * is written.
 */
final class DryRun {
  /** Shards listed in full up to this many; beyond, the first and last few. */
  private static final int LISTED = 12;

  private DryRun() {}

  static void print(JobSettings s, RunsApiIO.Read read, PrintStream out)
      throws InterruptedException {
    ReadPlan plan = read.plan();
    long days = ChronoUnit.DAYS.between(s.fromDay, s.toDay);
    out.printf("dry run: nothing is read or written (%d request to count the runs)%n",
        plan.requestsSpent);
    out.printf("runs created in [%s, %s): %,d%n", s.fromDay, s.toDay, plan.totalRuns);
    out.printf("shards: %,d (%s)%n", plan.shards.size(), s.shardDuration == null
        ? "sized from the count" : "every " + s.shardDuration);
    for (int i = 0; i < plan.shards.size(); i++) {
      if (plan.shards.size() <= LISTED || i < LISTED / 2 || i >= plan.shards.size() - LISTED / 2) {
        out.println("  " + plan.shards.get(i));
      } else if (i == LISTED / 2) {
        out.printf("  ... %,d more%n", plan.shards.size() - LISTED);
      }
    }
    out.printf("estimated requests: about %,d at page size %s%n",
        plan.estimatedRequests, s.options.getPageSize());
    out.printf("time at %s requests/s: about %s%n", s.options.getRateLimit(),
        duration(plan.secondsAtBudget));
    out.printf("output days replaced: %s to %s (%,d UTC days, all three tables)%n",
        s.fromDay, s.toDay.minusDays(1), days);
  }

  /** "41 minutes", "2 h 5 min", "35 seconds". */
  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s < 90) {
      return s + " seconds";
    }
    long minutes = Math.round(seconds / 60);
    if (minutes < 120) {
      return minutes + " minutes";
    }
    return minutes / 60 + " h " + minutes % 60 + " min";
  }
}
