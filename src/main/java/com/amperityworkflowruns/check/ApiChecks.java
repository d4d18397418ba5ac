package com.amperityworkflowruns.check;

import com.amperityworkflowruns.api.ApiException;
import com.amperityworkflowruns.io.ApiProbe;
import com.amperityworkflowruns.io.PageSizeProbe;
import com.amperityworkflowruns.fetch.ShardReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The Amperity API checks of {@code check}, in a handful of requests through the reader's client
 * and rate budget: the page-size probe over the job's range (which also shows that the token,
 * tenant, api-version and runs path are accepted, how long a request takes and which tenant the
 * runs carry), then one {@code with_total} request for the last 24 hours and one for the job's
 * range. The first request that fails names the check it concerns; the checks after it are
 * skipped.
 */
public final class ApiChecks {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A median request time above this is reported as a failure. */
  static final Duration SLOW = Duration.ofSeconds(5);

  /** What the checks ask about: the job's connection and range. */
  public record Target(
      String tenant,
      String baseUrl,
      String apiVersion,
      String runsPath,
      String credentials,
      boolean oauth,
      @Nullable Integer fixedPageSize,
      int maxPageSize,
      @Nullable Instant rangeFrom,
      @Nullable Instant rangeTo) {}

  private final ApiProbe probe;
  private final Target target;
  private final CheckDeadline deadline;
  private final Instant now;
  private final List<Duration> latencies = new ArrayList<>();

  ApiChecks(ApiProbe probe, Target target, CheckDeadline deadline, Instant now) {
    this.probe = probe;
    this.target = target;
    this.deadline = deadline;
    this.now = now;
  }

  /** Runs every API check through {@code probe}; the lines in order. */
  public static List<Check> run(ApiProbe probe, Target target, CheckDeadline deadline, Instant now)
      throws InterruptedException {
    return new ApiChecks(probe, target, deadline, now).run();
  }

  private List<Check> run() throws InterruptedException {
    List<Check> out = new ArrayList<>();
    Instant dayAgo = now.minus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Instant from = target.rangeFrom != null ? target.rangeFrom : dayAgo;
    Instant to = target.rangeTo != null ? target.rangeTo : now;
    PageSizeProbe found;
    try {
      found = PageSizeProbe.find(probe, from, to,
          PageSizeProbe.candidates(target.maxPageSize), deadline.next());
    } catch (ShardReadException e) {
      return firstRequestFailed(e.apiError());
    } catch (IllegalStateException e) {
      out.add(Check.fail("api", target.baseUrl + ": " + CheckDeadline.firstLine(e),
          "check --baseUrl and the network path to it"));
      skipRest(out, "api");
      return out;
    }
    latencies.addAll(found.latencies);
    out.add(Check.ok("token", target.credentials + (target.oauth ? ": a token was obtained and"
        + " accepted" : ": accepted")));
    out.add(Check.ok("tenant", target.tenant + " accepted"));
    out.add(Check.ok("api-version", target.apiVersion + " accepted"));
    out.add(Check.ok("runs path", target.baseUrl + target.runsPath + " answers"));
    out.add(pageLimit(found));
    ApiProbe.Answer day = count(dayAgo, now);
    out.add(withTotal(day));
    out.add(counted("last 24 h", day, "runs created since " + dayAgo));
    if (target.rangeFrom == null) {
      out.add(Check.skipped("job range", "the job has no created range (a stream follows runs"
          + " by when they end)"));
    } else {
      out.add(counted("job range", count(target.rangeFrom, target.rangeTo),
          "runs created in [" + target.rangeFrom + ", " + target.rangeTo + ")"));
    }
    out.add(latency());
    out.add(runTenants(found.sample));
    return out;
  }

  private ApiProbe.Answer count(Instant from, Instant to) throws InterruptedException {
    ApiProbe.Answer a = probe.firstPage(from, to, 1, true, deadline.next());
    if (!a.timedOut) {
      latencies.add(a.took);
    }
    return a;
  }

  private Check pageLimit(PageSizeProbe found) {
    String text = found.describe();
    Integer fixed = target.fixedPageSize;
    if (fixed == null) {
      return Check.ok("page limit", text + "; the job reads at that size (--pageSize=auto)");
    }
    if (fixed > found.pageSize && !found.capped) {
      return Check.fail("page limit", text + "; the job's --pageSize=" + fixed + " is refused",
          "use --pageSize=auto (the default) or --pageSize=" + found.pageSize);
    }
    return Check.ok("page limit", text + "; the job reads at --pageSize=" + fixed
        + (fixed < found.pageSize ? " (auto would read at " + found.pageSize + ")" : ""));
  }

  private static Check withTotal(ApiProbe.Answer a) {
    if (!a.ok()) {
      return failed("with_total", a, "the job still reads every run, but cannot size its shards"
          + " or estimate --dryRun without it");
    }
    return a.total != null
        ? Check.ok("with_total", "the API returned total=" + a.total)
        : Check.fail("with_total", "the API ignored with_total=true (no total in the answer)",
            "nothing to change here: the job reads every run, but sizes shards by time only");
  }

  private static Check counted(String name, ApiProbe.Answer a, String what) {
    if (!a.ok()) {
      return failed(name, a, "run check again; if it persists, check the API's status");
    }
    return a.total == null
        ? Check.skipped(name, "no total in the answer (see with_total)")
        : Check.ok(name, String.format(Locale.ROOT, "%,d %s", a.total, what));
  }

  private static Check failed(String name, ApiProbe.Answer a, String fix) {
    return Check.fail(name, a.timedOut ? "no answer in time" : a.error.getMessage(), fix);
  }

  private Check latency() {
    if (latencies.isEmpty()) {
      return Check.skipped("latency", "no request was answered");
    }
    List<Long> ms = latencies.stream().map(Duration::toMillis).sorted().toList();
    long median = ms.get(ms.size() / 2);
    String text = String.format(Locale.ROOT, "%d-%d ms a request, median %d ms (%d requests)",
        ms.get(0), ms.get(ms.size() - 1), median, ms.size());
    return median > SLOW.toMillis()
        ? Check.fail("latency", text, "the API answers slowly from here: the job's speed falls"
            + " with latency; check the network path to --baseUrl")
        : Check.ok("latency", text);
  }

  private Check runTenants(List<String> sample) {
    if (sample.isEmpty()) {
      return Check.skipped("run tenants", "no run in the sampled page");
    }
    TreeMap<String, Integer> others = new TreeMap<>();
    for (String run : sample) {
      String tenant = tenantOf(run);
      if (tenant != null && !tenant.equals(target.tenant)) {
        others.merge(tenant, 1, Integer::sum);
      }
    }
    if (others.isEmpty()) {
      return Check.ok("run tenants", "the " + sample.size() + " runs sampled carry tenant "
          + target.tenant + " (or none)");
    }
    int n = others.values().stream().mapToInt(Integer::intValue).sum();
    return Check.fail("run tenants", n + " of " + sample.size() + " runs sampled carry another"
        + " tenant than " + target.tenant + ": " + others.keySet(), "check --tenant; the job files"
        + " such runs under --tenant and says so in its summary");
  }

  private static @Nullable String tenantOf(String run) {
    try {
      JsonNode node = JSON.readTree(run);
      return node != null && node.hasNonNull("tenant") ? node.get("tenant").asText() : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The lines when the first request failed: the check it concerns fails, the rest skip. */
  private List<Check> firstRequestFailed(ApiException e) {
    List<Check> out = new ArrayList<>();
    String m = e.getMessage().toLowerCase(Locale.ROOT);
    String msg = e.getMessage();
    switch (e.kind()) {
      case UNAUTHORIZED:
        out.add(Check.fail("token", target.credentials + ": " + msg, target.oauth
            ? "check --clientId and its secret (Settings > Security > API key in Amperity)"
            : "get a new token (Settings > Security > API key > Get token); tokens expire"));
        skipRest(out, "token");
        break;
      case FORBIDDEN:
        out.add(Check.ok("token", target.credentials + ": accepted"));
        out.add(Check.fail("tenant", msg, "check --tenant (a sandbox's id goes in --tenant, its"
            + " parent's URL in --baseUrl)"));
        skipRest(out, "tenant");
        break;
      case NOT_FOUND:
      case MALFORMED_RESPONSE:
        out.add(Check.fail("runs path", target.baseUrl + target.runsPath + ": " + msg,
            "check --baseUrl and --runsPath (older docs say /workflows/runs)"));
        skipRest(out, "runs path");
        break;
      case BAD_REQUEST:
        if (m.contains("version")) {
          out.add(Check.ok("token", target.credentials + ": accepted"));
          out.add(Check.ok("tenant", target.tenant + " accepted"));
          out.add(Check.fail("api-version", msg, "set --apiVersion to a version the API supports"
              + " (2024-04-01 today)"));
          skipRest(out, "api-version");
        } else if (m.contains("tenant")) {
          out.add(Check.fail("tenant", msg, "check --tenant"));
          skipRest(out, "tenant");
        } else if (m.contains("limit")) {
          out.add(Check.ok("token", target.credentials + ": accepted"));
          out.add(Check.ok("tenant", target.tenant + " accepted"));
          out.add(Check.ok("api-version", target.apiVersion + " accepted"));
          out.add(Check.ok("runs path", target.baseUrl + target.runsPath + " answers"));
          out.add(Check.fail("page limit", msg, "set --maxPageSize or --pageSize to a size the"
              + " API accepts"));
          skipRest(out, "page limit");
        } else {
          out.add(Check.fail("api", msg, "check the job's options against the message"));
          skipRest(out, "api");
        }
        break;
      default:
        out.add(Check.fail("api", target.baseUrl + ": " + msg, "check --baseUrl and the network;"
            + " if the API is down, run check again later"));
        skipRest(out, "api");
    }
    return out;
  }

  private static final List<String> ORDER = List.of("token", "tenant", "api-version",
      "runs path", "page limit", "with_total", "last 24 h", "job range", "latency",
      "run tenants");

  /** Adds a skipped line for every check after {@code failed} (all of them after "api"). */
  private static void skipRest(List<Check> out, String failed) {
    int from = failed.equals("api") ? 0 : ORDER.indexOf(failed) + 1;
    for (String name : ORDER.subList(from, ORDER.size())) {
      out.add(Check.skipped(name, "not asked: " + failed + " failed"));
    }
  }
}
