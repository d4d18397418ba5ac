package com.amperityworkflowruns.publish;

import java.io.Serializable;
import java.time.Duration;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How a job publishes safely: its API filter (checked against the output's), whether it may
 * shrink days, how long it waits for another job's lease, what it cleans up, and the options that
 * rerun it (for repair lines). Immutable; every {@code withX} returns a copy.
 */
public final class PublishPolicy implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Default of {@code --leaseWait}. */
  public static final Duration DEFAULT_LEASE_WAIT = Duration.ofMinutes(5);
  /** Default of {@code --keepReports}. */
  public static final int DEFAULT_KEEP_REPORTS = 10;

  public final OutputFilter filter;
  public final boolean allowShrink;
  public final Duration leaseWait;
  public final @Nullable String resumeSpool;
  public final int keepReports;
  public final String rerunArgs;
  public final PublishHook hook;
  /** When the job started (it keeps the tenant's {@link RefreshMark}); null: no mark kept. */
  public final java.time.@Nullable Instant jobStart;
  /** The mark the job read at its start (null: none). */
  public final @Nullable RefreshMark markAtStart;

  private PublishPolicy(OutputFilter filter, boolean allowShrink, Duration leaseWait,
      @Nullable String resumeSpool, int keepReports, String rerunArgs, PublishHook hook) {
    this(filter, allowShrink, leaseWait, resumeSpool, keepReports, rerunArgs, hook, null, null);
  }

  private PublishPolicy(OutputFilter filter, boolean allowShrink, Duration leaseWait,
      @Nullable String resumeSpool, int keepReports, String rerunArgs, PublishHook hook,
      java.time.@Nullable Instant jobStart, @Nullable RefreshMark markAtStart) {
    this.jobStart = jobStart;
    this.markAtStart = markAtStart;
    this.filter = filter;
    this.allowShrink = allowShrink;
    this.leaseWait = leaseWait;
    this.resumeSpool = resumeSpool;
    this.keepReports = keepReports;
    this.rerunArgs = rerunArgs;
    this.hook = hook;
  }

  /** When the job started, if it keeps the tenant's refresh mark ({@link #withRefreshMark}). */
  public java.time.@Nullable Instant jobStart() {
    return jobStart;
  }

  /** The tenant's refresh mark the job read at its start (null: none, or none kept). */
  public @Nullable RefreshMark markAtStart() {
    return markAtStart;
  }

  /** No filter, shrink guard on, {@link #DEFAULT_LEASE_WAIT}, no spool, keep 10 reports. */
  public static PublishPolicy defaults() {
    return new PublishPolicy(OutputFilter.of(null, null), false, DEFAULT_LEASE_WAIT, null,
        DEFAULT_KEEP_REPORTS, "", PublishHook.NONE);
  }

  /** The job's API filter; the output must have been written with the same one. */
  public PublishPolicy withFilter(OutputFilter filter) {
    return new PublishPolicy(filter, allowShrink, leaseWait, resumeSpool, keepReports, rerunArgs,
        hook, jobStart, markAtStart);
  }

  /** {@code --allowShrink}: publish even when days would lose runs. */
  public PublishPolicy withAllowShrink(boolean allow) {
    return new PublishPolicy(filter, allow, leaseWait, resumeSpool, keepReports, rerunArgs, hook,
        jobStart, markAtStart);
  }

  /** {@code --leaseWait}: how long to wait for another job's publish. */
  public PublishPolicy withLeaseWait(Duration wait) {
    if (wait == null || wait.isNegative()) {
      throw new IllegalArgumentException("leaseWait must be a duration >= 0, got " + wait);
    }
    return new PublishPolicy(filter, allowShrink, wait, resumeSpool, keepReports, rerunArgs, hook,
        jobStart, markAtStart);
  }

  /** The job's resume spool folder, deleted once the output is published. */
  public PublishPolicy withResumeSpool(@Nullable String dir) {
    return new PublishPolicy(filter, allowShrink, leaseWait, dir, keepReports, rerunArgs, hook,
        jobStart, markAtStart);
  }

  /** {@code --keepReports}: report folders kept in {@code _reports/}. */
  public PublishPolicy withKeepReports(int keep) {
    if (keep < 1) {
      throw new IllegalArgumentException("keepReports must be >= 1, got " + keep);
    }
    return new PublishPolicy(filter, allowShrink, leaseWait, resumeSpool, keep, rerunArgs, hook,
        jobStart, markAtStart);
  }

  /** Options (no credentials, no range) that rerun this job's query into its output. */
  public PublishPolicy withRerunArgs(String args) {
    return new PublishPolicy(filter, allowShrink, leaseWait, resumeSpool, keepReports,
        args == null ? "" : args, hook, jobStart, markAtStart);
  }

  /**
   * Keep the tenant's {@link RefreshMark} in the publish's journal: the job started at {@code
   * jobStart} and read {@code markAtStart} (null: none) to choose the days it refreshes.
   */
  public PublishPolicy withRefreshMark(java.time.Instant jobStart,
      @Nullable RefreshMark markAtStart) {
    if (jobStart == null) {
      throw new IllegalArgumentException("withRefreshMark() needs the job's start");
    }
    return new PublishPolicy(filter, allowShrink, leaseWait, resumeSpool, keepReports, rerunArgs,
        hook, jobStart, markAtStart);
  }

  /** A hook called during the publish (tests overlap jobs with it). */
  public PublishPolicy withHook(PublishHook hook) {
    return new PublishPolicy(filter, allowShrink, leaseWait, resumeSpool, keepReports, rerunArgs,
        hook == null ? PublishHook.NONE : hook, jobStart, markAtStart);
  }
}
