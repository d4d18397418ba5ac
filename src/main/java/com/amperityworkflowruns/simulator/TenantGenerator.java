package com.amperityworkflowruns.simulator;

import com.amperityworkflowruns.simulator.RunCatalog.ErrorKind;
import com.amperityworkflowruns.simulator.RunCatalog.TypeProfile;
import com.amperityworkflowruns.simulator.SimRun.DataMode;
import com.amperityworkflowruns.simulator.SimRun.ErrorInfo;
import com.amperityworkflowruns.simulator.SimRun.Principal;
import com.amperityworkflowruns.simulator.SimRun.TimeStyle;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/** Generates the synthetic tenant's runs deterministically from the configuration's seed. */
final class TenantGenerator {
  private static final String[] MALFORMED_KINDS = {
    SimRun.MISSING_ID, SimRun.BAD_CREATED_AT, SimRun.ENDED_BEFORE_CREATED
  };

  /** A run being built; turned into an immutable {@link SimRun} once sorted. */
  private static final class Draft {
    String id;
    Instant createdAt;
    Instant endedAt;
    String state;
    String openState;
    TypeProfile profile;
    String name;
    Principal principal;
    ErrorInfo error;
    Map<String, Object> extras;
    TimeStyle timeStyle;
    boolean endedNull;
    String malformedKind;
  }

  private final SimulatorConfig config;
  private final SplittableRandom random;
  private final Set<String> ids = new HashSet<>();

  private TenantGenerator(SimulatorConfig config) {
    this.config = config;
    this.random = new SplittableRandom(config.seed());
  }

  /** Returns every run, sorted by created_at (placement time for malformed ones), then id. */
  static List<SimRun> generate(SimulatorConfig config) {
    return new TenantGenerator(config).run();
  }

  private List<SimRun> run() {
    int[] counts = DayPlanner.plan(config, random);
    List<Draft> drafts = new ArrayList<>(config.totalRuns());
    for (int d = 0; d < counts.length; d++) {
      LocalDate day = DayPlanner.day(config, d);
      for (int i = 0; i < counts[d]; i++) {
        Draft x = draft(day);
        if (i == 0 && config.midnightRuns()) {
          atMidnight(x, day);
        }
        drafts.add(x);
      }
    }
    markOpen(drafts);
    markLong(drafts);
    markMalformed(drafts);
    drafts.sort(
        Comparator.comparing((Draft x) -> x.createdAt)
            .thenComparing(x -> x.id, Comparator.nullsFirst(Comparator.naturalOrder())));
    List<SimRun> runs = new ArrayList<>(drafts.size());
    for (Draft x : drafts) {
      boolean badCreated = SimRun.BAD_CREATED_AT.equals(x.malformedKind);
      runs.add(new SimRun(runs.size(), x.createdAt.toEpochMilli(), x.id,
          badCreated ? null : x.createdAt, x.endedAt, x.state, x.openState, x.profile.type(),
          x.name, config.runTenant(), x.principal, x.error, x.extras, x.timeStyle, x.endedNull,
          x.malformedKind));
    }
    return List.copyOf(runs);
  }

  private Draft draft(LocalDate day) {
    Draft x = new Draft();
    x.profile = pickType();
    x.name = x.profile.names().get(random.nextInt(x.profile.names().size()));
    boolean automated = random.nextDouble() < 0.65;
    x.principal = automated
        ? RunCatalog.AUTOMATED
        : RunCatalog.PEOPLE.get(random.nextInt(RunCatalog.PEOPLE.size()));
    double style = random.nextDouble();
    x.timeStyle = style < 0.94 ? TimeStyle.MILLIS : style < 0.97 ? TimeStyle.SECONDS : TimeStyle.OFFSET;
    x.createdAt = truncate(startTime(day, automated), x.timeStyle);
    double seconds = x.profile.medianSeconds() * Math.exp(x.profile.sigma() * random.nextGaussian());
    x.endedAt = truncate(x.createdAt.plusMillis(Math.max(1_000L, (long) (seconds * 1000))), x.timeStyle);
    x.endedNull = random.nextBoolean();
    x.id = newId(day);
    outcome(x);
    if (random.nextDouble() < 0.03) {
      x.extras = extras();
    }
    return x;
  }

  /** Moves a run to 00:00:00.400 of its day, keeping its duration (a scheduled workflow). */
  private static void atMidnight(Draft x, LocalDate day) {
    long duration = x.endedAt.toEpochMilli() - x.createdAt.toEpochMilli();
    x.timeStyle = TimeStyle.MILLIS;
    x.createdAt = day.atStartOfDay(ZoneOffset.UTC).toInstant().plusMillis(400);
    x.endedAt = x.createdAt.plusMillis(duration);
  }

  private TypeProfile pickType() {
    double u = random.nextDouble();
    double acc = 0;
    for (TypeProfile p : RunCatalog.TYPES) {
      acc += p.weight();
      if (u < acc) {
        return p;
      }
    }
    return RunCatalog.TYPES.get(RunCatalog.TYPES.size() - 1);
  }

  private Instant startTime(LocalDate day, boolean automated) {
    long dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    long offset;
    if (automated) {
      int hour = RunCatalog.SCHEDULE_HOURS[random.nextInt(RunCatalog.SCHEDULE_HOURS.length)];
      offset = hour * 3_600_000L + random.nextLong(180_000L);
    } else {
      offset = random.nextLong(86_400_000L);
    }
    return Instant.ofEpochMilli(dayStart + offset);
  }

  private static Instant truncate(Instant t, TimeStyle style) {
    return style == TimeStyle.SECONDS ? t.truncatedTo(ChronoUnit.SECONDS) : t;
  }

  private void outcome(Draft x) {
    double u = random.nextDouble();
    if (u < x.profile.failRate()) {
      x.state = pick(RunCatalog.FAILED, RunCatalog.FAILED_WEIGHTS);
      x.openState = random.nextDouble() < 0.4 ? "Running with failures" : "In progress";
      ErrorKind kind = RunCatalog.FAILURES.get(random.nextInt(RunCatalog.FAILURES.size()));
      x.error = error(kind);
    } else if (u < x.profile.failRate() + x.profile.cancelRate()) {
      boolean stopped = random.nextDouble() < 0.2;
      x.state = stopped ? "Stopped" : pick(RunCatalog.CANCELED, RunCatalog.CANCELED_WEIGHTS);
      x.openState = random.nextDouble() < 0.3 ? "Stopping" : "In progress";
      if (!stopped && random.nextDouble() < 0.4) {
        x.error = error(RunCatalog.CANCELED_BY_USER);
      }
    } else {
      x.state = pick(RunCatalog.SUCCEEDED, RunCatalog.SUCCEEDED_WEIGHTS);
      double v = random.nextDouble();
      x.openState = v < 0.7 ? "In progress" : v < 0.9 ? "in-progress" : "Started";
    }
  }

  private ErrorInfo error(ErrorKind kind) {
    double u = random.nextDouble();
    if (u < 0.4) {
      return new ErrorInfo(kind.attribution(), kind.type(), kind.message(), DataMode.ABSENT, null);
    } else if (u < 0.7) {
      return new ErrorInfo(kind.attribution(), kind.type(), kind.message(), DataMode.NULL, null);
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("task", "task-" + random.nextInt(1, 40));
    data.put("attempt", random.nextInt(1, 4));
    return new ErrorInfo(kind.attribution(), kind.type(), kind.message(), DataMode.OBJECT, data);
  }

  private Map<String, Object> extras() {
    Map<String, Object> extras = new LinkedHashMap<>();
    switch (random.nextInt(4)) {
      case 0:
        extras.put("workflow_id", "wfd-" + random.nextInt(100, 999));
        break;
      case 1:
        extras.put("labels", List.of("nightly", "ünïcode"));
        break;
      case 2:
        extras.put("retry_of", null);
        break;
      default:
        Map<String, Object> internal = new LinkedHashMap<>();
        internal.put("shard", random.nextInt(16));
        internal.put("region", "us-west-2");
        extras.put("x_internal", internal);
    }
    return extras;
  }

  private String newId(LocalDate day) {
    String date = day.toString().replace("-", "");
    while (true) {
      StringBuilder id = new StringBuilder("wf-").append(date).append('-');
      String serial = Integer.toString(100_000 + random.nextInt(100_000)).substring(1);
      id.append(serial).append('-');
      for (int i = 0; i < 5; i++) {
        char base = i < 2 ? 'A' : 'a';
        id.append((char) (base + random.nextInt(26)));
      }
      if (ids.add(id.toString())) {
        return id.toString();
      }
    }
  }

  private String pick(String[] values, double[] weights) {
    double u = random.nextDouble();
    double acc = 0;
    for (int i = 0; i < values.length; i++) {
      acc += weights[i];
      if (u < acc) {
        return values[i];
      }
    }
    return values[values.length - 1];
  }

  private void markOpen(List<Draft> drafts) {
    int open = (int) Math.round(config.openRunFraction() * drafts.size());
    for (int i : distinct(drafts.size(), open)) {
      Draft x = drafts.get(i);
      x.state = pick(RunCatalog.OPEN_STATES, RunCatalog.OPEN_STATE_WEIGHTS);
      x.openState = x.state;
      x.endedAt = null;
      x.error = null;
    }
  }

  /**
   * Makes a share of the finished runs last 2 to 9 days, from a random stream of its own, so that
   * every other run is the same as without long runs.
   */
  private void markLong(List<Draft> drafts) {
    if (config.longRunFraction() == 0) {
      return;
    }
    SplittableRandom longRandom = new SplittableRandom(config.seed() ^ 0x5DEECE66DL);
    for (Draft x : drafts) {
      if (x.endedAt != null && longRandom.nextDouble() < config.longRunFraction()) {
        long millis = Duration.ofDays(2).toMillis()
            + (long) (longRandom.nextDouble() * Duration.ofDays(7).toMillis());
        x.endedAt = truncate(x.createdAt.plusMillis(millis), x.timeStyle);
      }
    }
  }

  private void markMalformed(List<Draft> drafts) {
    int bad = config.badRecordRate() == 0 || drafts.isEmpty()
        ? 0
        : Math.min(drafts.size(),
            Math.max(MALFORMED_KINDS.length, (int) Math.round(config.badRecordRate() * drafts.size())));
    int k = 0;
    for (int i : distinct(drafts.size(), bad)) {
      Draft x = drafts.get(i);
      x.malformedKind = MALFORMED_KINDS[k++ % MALFORMED_KINDS.length];
      if (SimRun.MISSING_ID.equals(x.malformedKind)) {
        ids.remove(x.id);
        x.id = null;
      } else if (SimRun.ENDED_BEFORE_CREATED.equals(x.malformedKind)) {
        x.endedAt = x.createdAt.minusSeconds(random.nextInt(1, 3_600));
        if (x.error != null || x.state.equals(x.openState)) {
          x.state = "Succeeded";
          x.error = null;
        }
      }
    }
  }

  /** Returns {@code count} distinct indices in {@code [0, size)}, in draw order. */
  private List<Integer> distinct(int size, int count) {
    Set<Integer> seen = new HashSet<>();
    List<Integer> out = new ArrayList<>(count);
    while (out.size() < Math.min(count, size)) {
      int i = random.nextInt(size);
      if (seen.add(i)) {
        out.add(i);
      }
    }
    return out;
  }
}
