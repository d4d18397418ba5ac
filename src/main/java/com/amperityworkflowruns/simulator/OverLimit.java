package com.amperityworkflowruns.simulator;

/**
 * What the runs endpoint does with a {@code limit} above its largest accepted page size ({@link
 * SimulatorConfig#maxPageSize}). The API documents no maximum; its reference says a refused value
 * gets a 4xx, and that the API may return fewer runs than asked while {@code next_token}
 * continues. Both behaviours are served so that clients are tested against either.
 */
public enum OverLimit {
  /** A 400 whose message names {@code limit} and its range (the default). */
  REFUSE,
  /** Silently serve pages of the largest accepted size, with {@code next_token} continuing. */
  CAP
}
