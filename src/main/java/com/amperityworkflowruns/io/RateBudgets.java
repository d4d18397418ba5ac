package com.amperityworkflowruns.io;

import com.amperityworkflowruns.pacing.PauseDetector;
import com.amperityworkflowruns.pacing.RateBudget;
import com.amperityworkflowruns.pacing.RequestBudget;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link RateBudget} per tenant, base URL and rate in this JVM, so that every thread and DoFn
 * instance of a job draws from the same budget.
 */
public final class RateBudgets {
  private static final ConcurrentHashMap<String, RequestBudget> BUDGETS = new ConcurrentHashMap<>();

  private RateBudgets() {}

  static RequestBudget forConfig(ReadConfig config) {
    return BUDGETS.computeIfAbsent(config.budgetKey(), k -> config.redis == null
        ? new RateBudget(config.rateLimit, System::nanoTime, PauseDetector.shared())
        : SharedBudgets.open(config));
  }

  /**
   * The share of the job's budget for one JVM: on Dataflow every worker runs its own reader, so
   * each gets {@code rateLimit / maxNumWorkers}; elsewhere the whole budget.
   */
  public static double perWorker(double rateLimit, int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1: " + workers);
    }
    return rateLimit / workers;
  }
}
