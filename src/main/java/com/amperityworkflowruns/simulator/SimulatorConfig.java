package com.amperityworkflowruns.simulator;

import java.io.Serializable;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Immutable settings of an {@link ApiSimulator}: what the synthetic tenant holds and how the API
 * misbehaves.
 *
 * <p>Usage: {@code SimulatorConfig.builder().seed(7).totalRuns(20_000).rateLimitPerSecond(0).build()}.
 * Every setter of the {@link Builder} states its default. The clock is not serialized: after
 * deserialization it falls back to the default fixed clock at {@code dataTo} 00:00 UTC.
 */
public final class SimulatorConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String tenant;
  private final long seed;
  private final LocalDate dataFrom;
  private final LocalDate dataTo;
  private final int totalRuns;
  private final double busyDayFactor;
  private final double emptyDayFraction;
  private final double badRecordRate;
  private final double openRunFraction;
  private final int latencyMinMillis;
  private final int latencyMaxMillis;
  private final int rateLimitPerSecond;
  private final Integer retryAfterSeconds;
  private final int maxPageSize;
  private final OverLimit overLimit;
  private final double serverErrorRate;
  private final double dropRate;
  private final double repeatRunRate;
  private final double refuseTokenRate;
  private final String staticToken;
  private final String clientId;
  private final String clientSecret;
  private final int tokenTtlSeconds;
  private final int withTotalExtraLatencyMillis;
  private final int arrivalJitterMillis;
  private final int endedVisibilityLagMillis;
  private final String apiVersion;
  private final boolean deprecationHeader;
  private final boolean createdToInclusiveSeconds;
  private final boolean midnightRuns;
  private final double longRunFraction;
  private final String runTenant;
  private final MalformedMode malformed;
  private final transient Clock clock;

  private SimulatorConfig(Builder b) {
    tenant = b.tenant;
    seed = b.seed;
    dataFrom = b.dataFrom;
    dataTo = b.dataTo;
    totalRuns = b.totalRuns;
    busyDayFactor = b.busyDayFactor;
    emptyDayFraction = b.emptyDayFraction;
    badRecordRate = b.badRecordRate;
    openRunFraction = b.openRunFraction;
    latencyMinMillis = b.latencyMinMillis;
    latencyMaxMillis = b.latencyMaxMillis;
    rateLimitPerSecond = b.rateLimitPerSecond;
    retryAfterSeconds = b.retryAfterSeconds;
    maxPageSize = b.maxPageSize;
    overLimit = b.overLimit;
    serverErrorRate = b.serverErrorRate;
    dropRate = b.dropRate;
    repeatRunRate = b.repeatRunRate;
    refuseTokenRate = b.refuseTokenRate;
    staticToken = b.staticToken;
    clientId = b.clientId;
    clientSecret = b.clientSecret;
    tokenTtlSeconds = b.tokenTtlSeconds;
    withTotalExtraLatencyMillis = b.withTotalExtraLatencyMillis;
    arrivalJitterMillis = b.arrivalJitterMillis;
    endedVisibilityLagMillis = b.endedVisibilityLagMillis;
    apiVersion = b.apiVersion;
    deprecationHeader = b.deprecationHeader;
    createdToInclusiveSeconds = b.createdToInclusiveSeconds;
    midnightRuns = b.midnightRuns;
    longRunFraction = b.longRunFraction;
    runTenant = b.runTenant;
    malformed = b.malformed;
    clock = b.clock;
  }

  /** Returns a builder holding every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this configuration's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Tenant id the API accepts in {@code amperity-tenant} and writes into each run. */
  public String tenant() {
    return tenant;
  }

  /** Seed of every random draw: the same seed gives the same runs and the same JSON bytes. */
  public long seed() {
    return seed;
  }

  /** First day (inclusive, UTC) holding generated runs. */
  public LocalDate dataFrom() {
    return dataFrom;
  }

  /** Day after the last day (exclusive, UTC) holding generated runs. */
  public LocalDate dataTo() {
    return dataTo;
  }

  /** Approximate number of generated runs. */
  public int totalRuns() {
    return totalRuns;
  }

  /** How many times a normal day's volume a busy day gets. */
  public double busyDayFactor() {
    return busyDayFactor;
  }

  /** Fraction of days without any run. */
  public double emptyDayFraction() {
    return emptyDayFraction;
  }

  /** Fraction of records deliberately malformed. */
  public double badRecordRate() {
    return badRecordRate;
  }

  /** Fraction of runs that never end (still open whatever the clock says). */
  public double openRunFraction() {
    return openRunFraction;
  }

  /** Lower bound of the random delay added to each response. */
  public int latencyMinMillis() {
    return latencyMinMillis;
  }

  /** Upper bound of the random delay added to each response. */
  public int latencyMaxMillis() {
    return latencyMaxMillis;
  }

  /** Admitted requests per sliding second; 0 disables the limit. */
  public int rateLimitPerSecond() {
    return rateLimitPerSecond;
  }

  /** Value of the {@code Retry-After} header on 429 answers, or null to send none (as documented). */
  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** Largest accepted {@code limit}. */
  public int maxPageSize() {
    return maxPageSize;
  }

  /** What a {@code limit} above {@link #maxPageSize} gets: a 400, or a silent cap. */
  public OverLimit overLimit() {
    return overLimit;
  }

  /** Fraction of admitted requests answered 500, 502 or 503. */
  public double serverErrorRate() {
    return serverErrorRate;
  }

  /** Fraction of requests whose connection is closed without an answer. */
  public double dropRate() {
    return dropRate;
  }

  /** Fraction of non-first pages that start with the previous page's last run again. */
  public double repeatRunRate() {
    return repeatRunRate;
  }

  /** Fraction of requests carrying a {@code next_token} answered 400 "invalid next_token". */
  public double refuseTokenRate() {
    return refuseTokenRate;
  }

  /** A bearer token that never expires, or null to accept only OAuth tokens. */
  public String staticToken() {
    return staticToken;
  }

  /** OAuth client id accepted by the token endpoint. */
  public String clientId() {
    return clientId;
  }

  /** OAuth client secret accepted by the token endpoint. */
  public String clientSecret() {
    return clientSecret;
  }

  /** Lifetime in seconds (real elapsed time) of tokens issued by the token endpoint. */
  public int tokenTtlSeconds() {
    return tokenTtlSeconds;
  }

  /** Extra delay of requests with {@code with_total=true}, documented as expensive. */
  public int withTotalExtraLatencyMillis() {
    return withTotalExtraLatencyMillis;
  }

  /**
   * Upper bound of the uniform delay (0 to this many ms) between a request's arrival and the
   * moment the rate limiter counts it: the varying network delay of a real client. 0: none.
   */
  public int arrivalJitterMillis() {
    return arrivalJitterMillis;
  }

  /**
   * Clock time after a run ends before {@code ended_from}/{@code ended_to} queries see it (the
   * search index lags; a created-range query shows the run ended at once).
   */
  public int endedVisibilityLagMillis() {
    return endedVisibilityLagMillis;
  }

  /** The only accepted {@code api-version}. */
  public String apiVersion() {
    return apiVersion;
  }

  /** Whether responses carry {@code Deprecation} and {@code Sunset} headers. */
  public boolean deprecationHeader() {
    return deprecationHeader;
  }

  /**
   * Whether {@code created_to} is read inclusively at second precision (a rough edge of some API
   * deployments): runs up to the end of the second of {@code created_to} are served.
   */
  public boolean createdToInclusiveSeconds() {
    return createdToInclusiveSeconds;
  }

  /** Whether the first run of every day is created at 00:00:00.400 UTC (scheduled workflows). */
  public boolean midnightRuns() {
    return midnightRuns;
  }

  /**
   * Share of finished runs that last 2 to 9 days (long runs, or runs stuck in {@code Stopping}
   * and cancelled days later): with a clock, they are served open until they end.
   */
  public double longRunFraction() {
    return longRunFraction;
  }

  /**
   * The value of each run's own {@code tenant} field: the tenant id unless set (a sandbox may
   * name itself differently from the id its requests use).
   */
  public String runTenant() {
    return runTenant == null ? tenant : runTenant;
  }

  /** How 200 answers of the runs endpoint are corrupted. */
  public MalformedMode malformed() {
    return malformed;
  }

  /** The simulator's "now"; by default a fixed clock at {@code dataTo} 00:00 UTC. */
  public Clock clock() {
    return clock != null ? clock : defaultClock(dataTo);
  }

  private static Clock defaultClock(LocalDate dataTo) {
    return Clock.fixed(dataTo.atStartOfDay(ZoneOffset.UTC).toInstant(), ZoneOffset.UTC);
  }

  @Override
  public String toString() {
    return "SimulatorConfig{tenant=" + tenant + ", seed=" + seed + ", days=[" + dataFrom + ", "
        + dataTo + "), totalRuns=" + totalRuns + ", rateLimitPerSecond=" + rateLimitPerSecond
        + ", latency=[" + latencyMinMillis + ", " + latencyMaxMillis + "] ms, malformed="
        + malformed + "}";
  }

  /** Builder of {@link SimulatorConfig}; {@link #build()} validates and names the bad value. */
  public static final class Builder {
    private String tenant = "acme-demo";
    private long seed = 42L;
    private LocalDate dataFrom = LocalDate.of(2024, 1, 1);
    private LocalDate dataTo = LocalDate.of(2024, 4, 1);
    private int totalRuns = 5_000;
    private double busyDayFactor = 12.0;
    private double emptyDayFraction = 0.05;
    private double badRecordRate = 0.002;
    private double openRunFraction = 0.03;
    private int latencyMinMillis = 0;
    private int latencyMaxMillis = 0;
    private int rateLimitPerSecond = 10;
    private Integer retryAfterSeconds = null;
    private int maxPageSize = 1000;
    private OverLimit overLimit = OverLimit.REFUSE;
    private double serverErrorRate = 0.0;
    private double dropRate = 0.0;
    private double repeatRunRate = 0.0;
    private double refuseTokenRate = 0.0;
    private String staticToken = "demo-token";
    private String clientId = "demo-client";
    private String clientSecret = "demo-secret";
    private int tokenTtlSeconds = 3600;
    private int withTotalExtraLatencyMillis = 0;
    private int arrivalJitterMillis = 0;
    private int endedVisibilityLagMillis = 0;
    private String apiVersion = "2024-04-01";
    private boolean deprecationHeader = false;
    private boolean createdToInclusiveSeconds = false;
    private boolean midnightRuns = false;
    private double longRunFraction = 0;
    private String runTenant = null;
    private MalformedMode malformed = MalformedMode.NONE;
    private Clock clock = null;

    private Builder() {}

    private Builder(SimulatorConfig c) {
      tenant = c.tenant;
      seed = c.seed;
      dataFrom = c.dataFrom;
      dataTo = c.dataTo;
      totalRuns = c.totalRuns;
      busyDayFactor = c.busyDayFactor;
      emptyDayFraction = c.emptyDayFraction;
      badRecordRate = c.badRecordRate;
      openRunFraction = c.openRunFraction;
      latencyMinMillis = c.latencyMinMillis;
      latencyMaxMillis = c.latencyMaxMillis;
      rateLimitPerSecond = c.rateLimitPerSecond;
      retryAfterSeconds = c.retryAfterSeconds;
      maxPageSize = c.maxPageSize;
      overLimit = c.overLimit;
      serverErrorRate = c.serverErrorRate;
      dropRate = c.dropRate;
      repeatRunRate = c.repeatRunRate;
      refuseTokenRate = c.refuseTokenRate;
      staticToken = c.staticToken;
      clientId = c.clientId;
      clientSecret = c.clientSecret;
      tokenTtlSeconds = c.tokenTtlSeconds;
      withTotalExtraLatencyMillis = c.withTotalExtraLatencyMillis;
      arrivalJitterMillis = c.arrivalJitterMillis;
      endedVisibilityLagMillis = c.endedVisibilityLagMillis;
      apiVersion = c.apiVersion;
      deprecationHeader = c.deprecationHeader;
      createdToInclusiveSeconds = c.createdToInclusiveSeconds;
      midnightRuns = c.midnightRuns;
      longRunFraction = c.longRunFraction;
      runTenant = c.runTenant;
      malformed = c.malformed;
      clock = c.clock;
    }

    /** Tenant id; default "acme-demo". */
    public Builder tenant(String v) {
      tenant = v;
      return this;
    }

    /** Random seed; default 42. */
    public Builder seed(long v) {
      seed = v;
      return this;
    }

    /** First day holding runs (inclusive); default 2024-01-01. */
    public Builder dataFrom(LocalDate v) {
      dataFrom = v;
      return this;
    }

    /** Day after the last day holding runs (exclusive); default 2024-04-01. */
    public Builder dataTo(LocalDate v) {
      dataTo = v;
      return this;
    }

    /** Approximate number of runs; default 5000. */
    public Builder totalRuns(int v) {
      totalRuns = v;
      return this;
    }

    /** Busy-day volume multiplier; default 12.0 (about 1 day in 10 is busy). */
    public Builder busyDayFactor(double v) {
      busyDayFactor = v;
      return this;
    }

    /** Fraction of empty days; default 0.05. */
    public Builder emptyDayFraction(double v) {
      emptyDayFraction = v;
      return this;
    }

    /** Fraction of malformed records; default 0.002 (each kind present when above 0). */
    public Builder badRecordRate(double v) {
      badRecordRate = v;
      return this;
    }

    /** Fraction of runs that never end; default 0.03. */
    public Builder openRunFraction(double v) {
      openRunFraction = v;
      return this;
    }

    /** Uniform random delay of each response, in milliseconds; default 0 to 0. */
    public Builder latencyMillis(int min, int max) {
      latencyMinMillis = min;
      latencyMaxMillis = max;
      return this;
    }

    /** Lower bound of the response delay; default 0. */
    public Builder latencyMinMillis(int v) {
      latencyMinMillis = v;
      return this;
    }

    /** Upper bound of the response delay; default 0. */
    public Builder latencyMaxMillis(int v) {
      latencyMaxMillis = v;
      return this;
    }

    /** Admitted requests per sliding second, 0 for no limit; default 10. */
    public Builder rateLimitPerSecond(int v) {
      rateLimitPerSecond = v;
      return this;
    }

    /** {@code Retry-After} seconds on 429 answers, null for none; default null. */
    public Builder retryAfterSeconds(Integer v) {
      retryAfterSeconds = v;
      return this;
    }

    /** Largest accepted {@code limit}; default 1000. */
    public Builder maxPageSize(int v) {
      maxPageSize = v;
      return this;
    }

    /** What a {@code limit} above {@link #maxPageSize} gets; default {@link OverLimit#REFUSE}. */
    public Builder overLimit(OverLimit v) {
      overLimit = v;
      return this;
    }

    /** Fraction of admitted requests answered 500/502/503; default 0. */
    public Builder serverErrorRate(double v) {
      serverErrorRate = v;
      return this;
    }

    /** Fraction of requests dropped without an answer; default 0. */
    public Builder dropRate(double v) {
      dropRate = v;
      return this;
    }

    /** Fraction of non-first pages repeating the previous page's last run; default 0. */
    public Builder repeatRunRate(double v) {
      repeatRunRate = v;
      return this;
    }

    /** Fraction of requests with a {@code next_token} refused with 400; default 0. */
    public Builder refuseTokenRate(double v) {
      refuseTokenRate = v;
      return this;
    }

    /** Never-expiring bearer token, null to disable; default "demo-token". */
    public Builder staticToken(String v) {
      staticToken = v;
      return this;
    }

    /** OAuth client id; default "demo-client". */
    public Builder clientId(String v) {
      clientId = v;
      return this;
    }

    /** OAuth client secret; default "demo-secret". */
    public Builder clientSecret(String v) {
      clientSecret = v;
      return this;
    }

    /** Lifetime of issued OAuth tokens in seconds; default 3600. */
    public Builder tokenTtlSeconds(int v) {
      tokenTtlSeconds = v;
      return this;
    }

    /** Extra delay of {@code with_total=true} requests; default 0. */
    /** Delays each request 0 to {@code v} ms before the rate limiter counts it; default 0. */
    public Builder arrivalJitterMillis(int v) {
      arrivalJitterMillis = v;
      return this;
    }

    public Builder withTotalExtraLatencyMillis(int v) {
      withTotalExtraLatencyMillis = v;
      return this;
    }

    /** Clock milliseconds before ended filters see a run that ended; default 0. */
    public Builder endedVisibilityLagMillis(int v) {
      endedVisibilityLagMillis = v;
      return this;
    }

    /** The only accepted API version; default "2024-04-01". */
    public Builder apiVersion(String v) {
      apiVersion = v;
      return this;
    }

    /** Send {@code Deprecation} and {@code Sunset} headers; default false. */
    public Builder deprecationHeader(boolean v) {
      deprecationHeader = v;
      return this;
    }

    /** Read {@code created_to} inclusively at second precision; default false (exclusive, ms). */
    public Builder createdToInclusiveSeconds(boolean v) {
      createdToInclusiveSeconds = v;
      return this;
    }

    /** Create the first run of every day at 00:00:00.400 UTC; default false. */
    /** Share of finished runs that last 2 to 9 days; default 0. */
    public Builder longRunFraction(double v) {
      longRunFraction = v;
      return this;
    }

    /** The runs' own {@code tenant} field; default (null) the tenant id. */
    public Builder runTenant(String v) {
      runTenant = v;
      return this;
    }

    public Builder midnightRuns(boolean v) {
      midnightRuns = v;
      return this;
    }

    /** Corruption of 200 answers; default {@link MalformedMode#NONE}. */
    public Builder malformed(MalformedMode v) {
      malformed = v;
      return this;
    }

    /** The simulator's clock, null for the default fixed clock at {@code dataTo} 00:00 UTC. */
    public Builder clock(Clock v) {
      clock = v;
      return this;
    }

    /** Validates the settings and returns the configuration. */
    public SimulatorConfig build() {
      Objects.requireNonNull(tenant, "tenant is required");
      Objects.requireNonNull(dataFrom, "dataFrom is required");
      Objects.requireNonNull(dataTo, "dataTo is required");
      Objects.requireNonNull(apiVersion, "apiVersion is required");
      Objects.requireNonNull(malformed, "malformed is required (use MalformedMode.NONE)");
      Objects.requireNonNull(overLimit, "overLimit is required (REFUSE or CAP)");
      require(dataFrom.isBefore(dataTo), "dataFrom " + dataFrom + " must be before dataTo " + dataTo);
      require(totalRuns >= 0, "totalRuns must be >= 0, got " + totalRuns);
      require(busyDayFactor >= 1.0, "busyDayFactor must be >= 1, got " + busyDayFactor);
      requireFraction("emptyDayFraction", emptyDayFraction);
      requireFraction("badRecordRate", badRecordRate);
      requireFraction("openRunFraction", openRunFraction);
      requireFraction("longRunFraction", longRunFraction);
      requireFraction("serverErrorRate", serverErrorRate);
      requireFraction("dropRate", dropRate);
      requireFraction("repeatRunRate", repeatRunRate);
      requireFraction("refuseTokenRate", refuseTokenRate);
      require(latencyMinMillis >= 0 && latencyMinMillis <= latencyMaxMillis,
          "latency must satisfy 0 <= min <= max, got [" + latencyMinMillis + ", "
              + latencyMaxMillis + "]");
      require(rateLimitPerSecond >= 0, "rateLimitPerSecond must be >= 0 (0 = no limit)");
      require(retryAfterSeconds == null || retryAfterSeconds >= 0, "retryAfterSeconds must be >= 0");
      require(maxPageSize >= 1, "maxPageSize must be >= 1, got " + maxPageSize);
      require(tokenTtlSeconds >= 1, "tokenTtlSeconds must be >= 1, got " + tokenTtlSeconds);
      require(withTotalExtraLatencyMillis >= 0, "withTotalExtraLatencyMillis must be >= 0");
      require(arrivalJitterMillis >= 0, "arrivalJitterMillis must be >= 0");
      require(endedVisibilityLagMillis >= 0, "endedVisibilityLagMillis must be >= 0");
      return new SimulatorConfig(this);
    }

    private static void requireFraction(String name, double v) {
      require(v >= 0.0 && v <= 1.0, name + " must be in [0, 1], got " + v);
    }

    private static void require(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
