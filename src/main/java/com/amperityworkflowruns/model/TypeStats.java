package com.amperityworkflowruns.model;

import java.io.Serializable;
import java.util.Objects;
import org.apache.beam.sdk.schemas.JavaFieldSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reliability statistics of one workflow type over one UTC day (the row type of {@code
 * workflow_type_stats}), or over the whole range when {@code createdDate} is null (the console
 * summary).
 *
 * <p>{@code failureRate} is failed / terminal runs (null when there is no terminal run). Duration
 * figures cover terminal runs that have a duration; percentiles use the nearest-rank definition
 * (the value at rank ceil(p/100 * n) of the sorted durations) and are null when there is none.
 */
@DefaultSchema(JavaFieldSchema.class)
public final class TypeStats implements Serializable {
  public final @Nullable String createdDate;
  public final String type;
  public final long runs;
  public final long succeeded;
  public final long failed;
  public final long canceled;
  public final long stopped;
  public final long openRuns;
  public final @Nullable Double failureRate;
  public final long customerErrors;
  public final long platformErrors;
  public final @Nullable Long durationMsMin;
  public final @Nullable Double durationMsMean;
  public final @Nullable Long durationMsP50;
  public final @Nullable Long durationMsP90;
  public final @Nullable Long durationMsP95;
  public final @Nullable Long durationMsP99;
  public final @Nullable Long durationMsMax;

  @SchemaCreate
  public TypeStats(
      @Nullable String createdDate,
      String type,
      long runs,
      long succeeded,
      long failed,
      long canceled,
      long stopped,
      long openRuns,
      @Nullable Double failureRate,
      long customerErrors,
      long platformErrors,
      @Nullable Long durationMsMin,
      @Nullable Double durationMsMean,
      @Nullable Long durationMsP50,
      @Nullable Long durationMsP90,
      @Nullable Long durationMsP95,
      @Nullable Long durationMsP99,
      @Nullable Long durationMsMax) {
    this.createdDate = createdDate;
    this.type = type;
    this.runs = runs;
    this.succeeded = succeeded;
    this.failed = failed;
    this.canceled = canceled;
    this.stopped = stopped;
    this.openRuns = openRuns;
    this.failureRate = failureRate;
    this.customerErrors = customerErrors;
    this.platformErrors = platformErrors;
    this.durationMsMin = durationMsMin;
    this.durationMsMean = durationMsMean;
    this.durationMsP50 = durationMsP50;
    this.durationMsP90 = durationMsP90;
    this.durationMsP95 = durationMsP95;
    this.durationMsP99 = durationMsP99;
    this.durationMsMax = durationMsMax;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof TypeStats)) {
      return false;
    }
    TypeStats s = (TypeStats) o;
    return runs == s.runs
        && succeeded == s.succeeded
        && failed == s.failed
        && canceled == s.canceled
        && stopped == s.stopped
        && openRuns == s.openRuns
        && customerErrors == s.customerErrors
        && platformErrors == s.platformErrors
        && Objects.equals(createdDate, s.createdDate)
        && type.equals(s.type)
        && Objects.equals(failureRate, s.failureRate)
        && Objects.equals(durationMsMin, s.durationMsMin)
        && Objects.equals(durationMsMean, s.durationMsMean)
        && Objects.equals(durationMsP50, s.durationMsP50)
        && Objects.equals(durationMsP90, s.durationMsP90)
        && Objects.equals(durationMsP95, s.durationMsP95)
        && Objects.equals(durationMsP99, s.durationMsP99)
        && Objects.equals(durationMsMax, s.durationMsMax);
  }

  @Override
  public int hashCode() {
    return Objects.hash(createdDate, type, runs, failed);
  }

  @Override
  public String toString() {
    return "TypeStats{" + createdDate + ", " + type + ", runs=" + runs + ", failed=" + failed + "}";
  }
}
