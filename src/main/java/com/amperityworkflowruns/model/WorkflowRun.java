package com.amperityworkflowruns.model;

import java.io.Serializable;
import java.util.Objects;
import org.apache.beam.sdk.schemas.JavaFieldSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One normalized workflow run: the row type of the {@code workflow_runs} table.
 *
 * <p>Timestamps are epoch microseconds in UTC (the API sends milliseconds; the Parquet and
 * BigQuery columns are microsecond timestamps). {@code createdDate} is the UTC date of {@code
 * createdAt} as {@code YYYY-MM-DD}, the partition column.
 */
@DefaultSchema(JavaFieldSchema.class)
public final class WorkflowRun implements Serializable {
  public final String runId;
  public final @Nullable String tenant;
  public final @Nullable String name;
  public final @Nullable String type;
  /** {@link RunState} name. */
  public final String state;
  public final @Nullable String stateRaw;
  public final boolean isTerminal;
  public final long createdAtMicros;
  public final @Nullable Long endedAtMicros;
  public final @Nullable Long durationMs;
  public final String createdDate;
  public final @Nullable String principalId;
  public final @Nullable String principalName;
  public final @Nullable String principalEmail;
  public final @Nullable String errorAttribution;
  public final @Nullable String errorType;
  public final @Nullable String errorMessage;
  /** The error's {@code data} object as JSON text, or null when absent or null. */
  public final @Nullable String errorData;
  /** The run exactly as the API returned it (compact JSON). */
  public final String rawJson;

  @SchemaCreate
  public WorkflowRun(
      String runId,
      @Nullable String tenant,
      @Nullable String name,
      @Nullable String type,
      String state,
      @Nullable String stateRaw,
      boolean isTerminal,
      long createdAtMicros,
      @Nullable Long endedAtMicros,
      @Nullable Long durationMs,
      String createdDate,
      @Nullable String principalId,
      @Nullable String principalName,
      @Nullable String principalEmail,
      @Nullable String errorAttribution,
      @Nullable String errorType,
      @Nullable String errorMessage,
      @Nullable String errorData,
      String rawJson) {
    this.runId = runId;
    this.tenant = tenant;
    this.name = name;
    this.type = type;
    this.state = state;
    this.stateRaw = stateRaw;
    this.isTerminal = isTerminal;
    this.createdAtMicros = createdAtMicros;
    this.endedAtMicros = endedAtMicros;
    this.durationMs = durationMs;
    this.createdDate = createdDate;
    this.principalId = principalId;
    this.principalName = principalName;
    this.principalEmail = principalEmail;
    this.errorAttribution = errorAttribution;
    this.errorType = errorType;
    this.errorMessage = errorMessage;
    this.errorData = errorData;
    this.rawJson = rawJson;
  }

  /** The normalized state as an enum. */
  /** This run filed under tenant {@code tenant} (every other field unchanged). */
  public WorkflowRun withTenant(String tenant) {
    return new WorkflowRun(runId, tenant, name, type, state, stateRaw, isTerminal, createdAtMicros,
        endedAtMicros, durationMs, createdDate, principalId, principalName, principalEmail,
        errorAttribution, errorType, errorMessage, errorData, rawJson);
  }

  public RunState runState() {
    return RunState.valueOf(state);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof WorkflowRun)) {
      return false;
    }
    WorkflowRun r = (WorkflowRun) o;
    return isTerminal == r.isTerminal
        && createdAtMicros == r.createdAtMicros
        && runId.equals(r.runId)
        && Objects.equals(tenant, r.tenant)
        && Objects.equals(name, r.name)
        && Objects.equals(type, r.type)
        && state.equals(r.state)
        && Objects.equals(stateRaw, r.stateRaw)
        && Objects.equals(endedAtMicros, r.endedAtMicros)
        && Objects.equals(durationMs, r.durationMs)
        && createdDate.equals(r.createdDate)
        && Objects.equals(principalId, r.principalId)
        && Objects.equals(principalName, r.principalName)
        && Objects.equals(principalEmail, r.principalEmail)
        && Objects.equals(errorAttribution, r.errorAttribution)
        && Objects.equals(errorType, r.errorType)
        && Objects.equals(errorMessage, r.errorMessage)
        && Objects.equals(errorData, r.errorData)
        && rawJson.equals(r.rawJson);
  }

  @Override
  public int hashCode() {
    return Objects.hash(runId, state, createdAtMicros, endedAtMicros, rawJson);
  }

  @Override
  public String toString() {
    return "WorkflowRun{" + runId + ", " + type + ", " + state + ", " + createdDate + "}";
  }
}
