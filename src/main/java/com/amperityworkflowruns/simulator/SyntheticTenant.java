package com.amperityworkflowruns.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The synthetic tenant's runs, generated deterministically from a {@link SimulatorConfig} (same
 * seed, same runs, same JSON bytes), indexed and pre-serialized for fast serving.
 *
 * <p>Runs are sorted by {@code created_at} then id; a record whose {@code created_at} is "not-a-date"
 * keeps the place (and created window) its generated start time gave it. A run created after the
 * clock's now is invisible; a run ending after now is served open (its open state, no {@code
 * ended_at}, no error).
 */
public final class SyntheticTenant {
  private static final long NEVER = Long.MAX_VALUE;

  private final SimulatorConfig config;
  private final List<SimRun> runs;
  private final long[] positions;
  private final long[] endedMillis;
  private final byte[][] finalJson;
  private final String[] finalState;
  private final String[] openState;
  private final ConcurrentHashMap<Integer, byte[]> openJson = new ConcurrentHashMap<>();

  private SyntheticTenant(SimulatorConfig config) {
    this.config = config;
    this.runs = TenantGenerator.generate(config);
    int n = runs.size();
    positions = new long[n];
    endedMillis = new long[n];
    finalJson = new byte[n][];
    finalState = new String[n];
    openState = new String[n];
    for (int i = 0; i < n; i++) {
      SimRun r = runs.get(i);
      positions[i] = r.position;
      endedMillis[i] = r.endedAt() == null ? NEVER : r.endedAt().toEpochMilli();
      finalJson[i] = RunJson.bytes(r);
      finalState[i] = RunsQuery.normalizeState(r.state());
      openState[i] = RunsQuery.normalizeState(r.openState);
    }
  }

  /** Generates the tenant a configuration describes. */
  public static SyntheticTenant generate(SimulatorConfig config) {
    return new SyntheticTenant(config);
  }

  /** The configuration this tenant was generated from. */
  public SimulatorConfig config() {
    return config;
  }

  /** All generated runs in their final form, sorted by created_at then id. */
  public List<SimRun> runs() {
    return runs;
  }

  /**
   * The runs the API serves now for {@code created_from} (inclusive) to {@code created_to}
   * (exclusive), either bound null for unbounded, in created_at order, as of the clock's now.
   */
  public List<SimRun> visibleRuns(Instant createdFrom, Instant createdTo) {
    long now = nowMillis();
    int lo = createdFrom == null ? 0 : lowerBound(Timestamps.ceilMillis(createdFrom));
    int hi = visibleEnd(createdTo == null ? null : Timestamps.ceilMillis(createdTo), now);
    List<SimRun> out = new ArrayList<>(Math.max(0, hi - lo));
    for (int i = lo; i < hi; i++) {
      out.add(openAt(i, now) ? runs.get(i).asOpen() : runs.get(i));
    }
    return out;
  }

  /** The exact compact JSON object the API serves for this run now. */
  public String jsonAsServed(SimRun run) {
    return new String(json(run.index, nowMillis()), StandardCharsets.UTF_8);
  }

  long nowMillis() {
    return config.clock().millis();
  }

  int size() {
    return runs.size();
  }

  /** The first index whose position is at or after {@code millis}. */
  int lowerBound(long millis) {
    int i = Arrays.binarySearch(positions, millis);
    if (i < 0) {
      return -i - 1;
    }
    while (i > 0 && positions[i - 1] == millis) {
      i--;
    }
    return i;
  }

  /** The end (exclusive) of the visible range for an exclusive upper bound, or null for none. */
  int visibleEnd(Long createdToMillis, long now) {
    long bound = now == Long.MAX_VALUE ? now : now + 1;
    if (createdToMillis != null) {
      bound = Math.min(bound, createdToMillis);
    }
    return lowerBound(bound);
  }

  boolean openAt(int i, long now) {
    return endedMillis[i] > now;
  }

  /** Epoch millis of {@code ended_at} as served now, or {@link Long#MAX_VALUE} when absent. */
  long endedAt(int i, long now) {
    return openAt(i, now) ? NEVER : endedMillis[i];
  }

  String normalizedStateAt(int i, long now) {
    return openAt(i, now) ? openState[i] : finalState[i];
  }

  boolean malformed(int i) {
    return runs.get(i).malformed();
  }

  String typeOf(int i) {
    return runs.get(i).type();
  }

  byte[] json(int i, long now) {
    if (!openAt(i, now)) {
      return finalJson[i];
    }
    if (runs.get(i).isOpen()) {
      return finalJson[i];
    }
    return openJson.computeIfAbsent(i, k -> RunJson.bytes(runs.get(k).asOpen()));
  }
}
