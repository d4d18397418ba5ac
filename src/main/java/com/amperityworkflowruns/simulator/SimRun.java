package com.amperityworkflowruns.simulator;

import java.time.Instant;
import java.util.Map;

/**
 * One synthetic workflow run as the simulator knows it: the truth a test compares a pipeline's
 * output with.
 *
 * <p>A run from {@link SyntheticTenant#runs()} holds its final state; one from {@link
 * SyntheticTenant#visibleRuns} holds the state and {@code ended_at} served at the simulator's
 * current clock. Malformed records have {@link #malformed()} true and say why in {@link
 * #malformedKind()}.
 */
public final class SimRun {
  /** Malformed kind: the record has no {@code id}. */
  public static final String MISSING_ID = "missing-id";
  /** Malformed kind: {@code created_at} is the string "not-a-date". */
  public static final String BAD_CREATED_AT = "bad-created-at";
  /** Malformed kind: {@code ended_at} is before {@code created_at}. */
  public static final String ENDED_BEFORE_CREATED = "ended-before-created";

  /** How a run's timestamps are written. */
  enum TimeStyle {
    MILLIS,
    SECONDS,
    OFFSET
  }

  /** Who started a run; {@code email} may be the empty string. */
  record Principal(String id, String name, String email) {}

  /** How an error's {@code data} field is written. */
  enum DataMode {
    ABSENT,
    NULL,
    OBJECT
  }

  /** The {@code error} object of a failed or canceled run. */
  record ErrorInfo(
      String attribution, String type, String message, DataMode dataMode, Map<String, Object> data) {}

  final int index;
  final long position;
  private final String id;
  private final Instant createdAt;
  private final Instant endedAt;
  private final String state;
  final String openState;
  private final String type;
  private final String name;
  final String tenant;
  final Principal principal;
  final ErrorInfo error;
  final Map<String, Object> extras;
  final TimeStyle timeStyle;
  final boolean endedAtNullWhileOpen;
  private final String malformedKind;

  SimRun(
      int index,
      long position,
      String id,
      Instant createdAt,
      Instant endedAt,
      String state,
      String openState,
      String type,
      String name,
      String tenant,
      Principal principal,
      ErrorInfo error,
      Map<String, Object> extras,
      TimeStyle timeStyle,
      boolean endedAtNullWhileOpen,
      String malformedKind) {
    this.index = index;
    this.position = position;
    this.id = id;
    this.createdAt = createdAt;
    this.endedAt = endedAt;
    this.state = state;
    this.openState = openState;
    this.type = type;
    this.name = name;
    this.tenant = tenant;
    this.principal = principal;
    this.error = error;
    this.extras = extras;
    this.timeStyle = timeStyle;
    this.endedAtNullWhileOpen = endedAtNullWhileOpen;
    this.malformedKind = malformedKind;
  }

  /** This run as seen before it ended: its open state, no {@code ended_at} and no error. */
  SimRun asOpen() {
    if (endedAt == null) {
      return this;
    }
    return new SimRun(index, position, id, createdAt, null, openState, openState, type, name,
        tenant, principal, null, extras, timeStyle, endedAtNullWhileOpen, malformedKind);
  }

  /** The run id, or null for a record malformed by a missing id. */
  public String id() {
    return id;
  }

  /** When the run started, or null for a record whose {@code created_at} is not a date. */
  public Instant createdAt() {
    return createdAt;
  }

  /** When the run ended, or null while it is open. */
  public Instant endedAt() {
    return endedAt;
  }

  /** The raw state string exactly as served, e.g. "succeeded" or "In progress". */
  public String state() {
    return state;
  }

  /** The raw workflow type, e.g. "amperity.ingest.ingest/run". */
  public String type() {
    return type;
  }

  /** The workflow name, any Unicode. */
  public String name() {
    return name;
  }

  /** Whether the run has no {@code ended_at}. */
  public boolean isOpen() {
    return endedAt == null;
  }

  /** Whether this record is deliberately malformed. */
  public boolean malformed() {
    return malformedKind != null;
  }

  /** One of {@link #MISSING_ID}, {@link #BAD_CREATED_AT}, {@link #ENDED_BEFORE_CREATED}, or null. */
  public String malformedKind() {
    return malformedKind;
  }

  @Override
  public String toString() {
    return "SimRun{" + id + ", " + type + ", " + state + ", " + createdAt + " -> " + endedAt
        + (malformedKind == null ? "" : ", malformed=" + malformedKind) + "}";
  }
}
