package com.amperityworkflowruns.io;

import com.amperityworkflowruns.pacing.PauseDetector;
import com.amperityworkflowruns.pacing.RateBudget;
import com.amperityworkflowruns.pacing.RedisLimiter;
import com.amperityworkflowruns.pacing.RedisSlots;
import com.amperityworkflowruns.pacing.SharedBudget;

/** Opens the {@link SharedBudget} of a read whose budget lives in Redis ({@link ReadConfig#redis}). */
final class SharedBudgets {
  private SharedBudgets() {}

  /**
   * The budget of {@code config}'s tenant in its Redis, paced at the whole job's rate, falling
   * back to this JVM's share ({@link ReadConfig#rateLimit}). The connection opens here, so that
   * the JVM's first send does not wait for it.
   */
  static SharedBudget open(ReadConfig config) {
    RedisLimiter redis = config.redis;
    if (redis == null) {
      throw new IllegalArgumentException("the read has no Redis limiter");
    }
    RedisSlots slots = new RedisSlots(redis, config.tenant, System.getenv());
    slots.connect();
    return new SharedBudget(
        new RateBudget(config.sharedRate, System::nanoTime, PauseDetector.shared()),
        new RateBudget(config.rateLimit, System::nanoTime, PauseDetector.shared()),
        slots,
        System::nanoTime,
        PauseDetector.shared(),
        redis.toString());
  }
}
