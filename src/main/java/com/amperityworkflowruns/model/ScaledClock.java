package com.amperityworkflowruns.model;

import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that runs at a set speed from a start instant: {@code now = start + elapsed * speed},
 * elapsed being real time since {@code anchorEpochMillis}. The stream reader asks it what time it
 * is, and the simulator's live mode serves runs as of it, so both agree on "now" in one JVM (and
 * across JVMs whose clocks agree). {@link #system()} is the ordinary wall clock (speed 1, no
 * offset); speed 0 stops the clock at {@code start}. Serializable, so it travels with the pipeline.
 */
public final class ScaledClock extends Clock implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long startEpochMillis;
  private final long anchorEpochMillis;
  private final double speed;
  private final ZoneId zone;

  private ScaledClock(long startEpochMillis, long anchorEpochMillis, double speed) {
    this(startEpochMillis, anchorEpochMillis, speed, ZoneOffset.UTC);
  }

  private ScaledClock(long startEpochMillis, long anchorEpochMillis, double speed, ZoneId zone) {
    if (!(speed >= 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("speed must be 0 or more, got " + speed);
    }
    this.startEpochMillis = startEpochMillis;
    this.anchorEpochMillis = anchorEpochMillis;
    this.speed = speed;
    this.zone = zone;
  }

  /** The wall clock. */
  public static ScaledClock system() {
    return new ScaledClock(0, 0, 1);
  }

  /** A clock reading {@code start} now and advancing {@code speed} times faster than real time. */
  public static ScaledClock startingAt(Instant start, double speed) {
    return new ScaledClock(start.toEpochMilli(), System.currentTimeMillis(), speed);
  }

  /** A clock stopped at {@code at}. */
  public static ScaledClock fixed(Instant at) {
    return new ScaledClock(at.toEpochMilli(), 0, 0);
  }

  /** How many clock milliseconds pass per real millisecond (0: stopped). */
  public double speed() {
    return speed;
  }

  /** The real milliseconds it takes this clock to advance {@code clockMillis}; a stopped one: as many. */
  public long realMillis(long clockMillis) {
    return speed == 0 ? clockMillis : (long) Math.ceil(clockMillis / speed);
  }

  @Override
  public long millis() {
    long real = System.currentTimeMillis();
    return startEpochMillis + (long) ((real - anchorEpochMillis) * speed);
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** The same scaled time, seen in {@code zone} (the instants do not change). */
  @Override
  public Clock withZone(ZoneId zone) {
    return zone.equals(this.zone)
        ? this
        : new ScaledClock(startEpochMillis, anchorEpochMillis, speed, zone);
  }

  @Override
  public String toString() {
    return speed == 1 && startEpochMillis == anchorEpochMillis
        ? "ScaledClock{system}"
        : "ScaledClock{start=" + Instant.ofEpochMilli(startEpochMillis) + ", speed=" + speed + "x}";
  }
}
