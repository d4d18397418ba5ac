package com.amperityworkflowruns.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;

/**
 * The figures the page shows, as the JSON embedded in it: the charts draw only what is here, and
 * tests read it back. Rates are fractions, durations milliseconds, days {@code YYYY-MM-DD},
 * instants ISO 8601 UTC; a missing figure (no terminal runs, no durations) is null.
 */
final class ReportJson {
  static final ObjectMapper JSON = new ObjectMapper();
  static final int TOP_NAMES = 10;
  static final int TOP_ERROR_TYPES = 10;

  private ReportJson() {}

  /** The data of tenant {@code tenant}'s page over {@code a}'s period; {@code rejects} by day. */
  static ObjectNode of(String output, String tenant, Instant generatedAt,
      NavigableSet<LocalDate> published, ReportAggregator a, TreeMap<LocalDate, Long> rejects) {
    ReportPeriod p = a.period;
    ObjectNode root = meta(output, tenant, generatedAt, published);
    root.put("empty", a.typesInRange.isEmpty());
    ObjectNode period = root.putObject("period");
    period.put("from", p.from.toString());
    period.put("to", p.to.toString());
    period.put("last", p.to.minusDays(1).toString());
    period.put("days", p.days());
    period.put("trendBucket", p.trend.unit());
    period.put("volumeBucket", p.volume.unit());

    ObjectNode headline = root.putObject("headline");
    headline.put("from", p.headlineFrom.toString());
    headline.put("to", p.to.toString());
    headline.put("previousFrom", p.previousFrom.toString());
    headline.put("previousTo", p.headlineFrom.toString());
    headline.put("previousPartlyUnpublished",
        published.isEmpty() || p.previousFrom.isBefore(published.first()));
    headline.set("current", figures(a.headline));
    headline.set("previous", a.previous.runs == 0 ? null : figures(a.previous));

    ArrayNode trend = root.putArray("trendBuckets");
    p.trend.starts().forEach(d -> trend.add(d.toString()));
    ArrayNode volume = root.putArray("volumeBuckets");
    p.volume.starts().forEach(d -> volume.add(d.toString()));
    List<String> types = a.typesByRuns();
    ArrayNode typeList = root.putArray("types");
    for (String t : types) {
      ObjectNode n = figures(a.typesInRange.get(t));
      n.put("type", t);
      n.set("headline", figuresOrNull(a.typesInHeadline.get(t)));
      n.set("previous", figuresOrNull(a.typesInPrevious.get(t)));
      ObjectNode series = n.putObject("series");
      ArrayNode rate = series.putArray("failureRate");
      ArrayNode failed = series.putArray("failed");
      ArrayNode terminal = series.putArray("terminal");
      ArrayNode p50 = series.putArray("p50");
      ArrayNode p95 = series.putArray("p95");
      for (Map<String, Tally> bucket : a.typesPerBucket) {
        Tally tally = bucket.get(t);
        rate.add(tally == null ? null : JSON.valueToTree(tally.failureRate()));
        failed.add(tally == null ? 0 : tally.failed);
        terminal.add(tally == null ? 0 : tally.terminal);
        p50.add(tally == null ? null : JSON.valueToTree(tally.percentile(50)));
        p95.add(tally == null ? null : JSON.valueToTree(tally.percentile(95)));
      }
      typeList.add(n);
    }

    ObjectNode states = root.putObject("states");
    for (int s = 0; s < ReportAggregator.STATES.size(); s++) {
      ArrayNode counts = states.putArray(ReportAggregator.STATES.get(s));
      for (long[] bucket : a.statesPerBucket) {
        counts.add(bucket[s]);
      }
    }

    ObjectNode attribution = root.putObject("attribution");
    for (String who : List.of("customer", "platform", ReportAggregator.NO_ATTRIBUTION)) {
      attribution.put(who, a.attribution.getOrDefault(who, 0L));
    }
    root.set("errorTypes", errorTypes(a));
    root.set("topWorkflows", topWorkflows(a));
    root.put("unnamedFailures", a.unnamedFailures);

    ObjectNode rej = root.putObject("rejects");
    rej.put("total", rejects.values().stream().mapToLong(Long::longValue).sum());
    ArrayNode perBucket = rej.putArray("perBucket");
    long[] counts = new long[p.volume.size()];
    rejects.forEach((day, n) -> {
      int b = p.volume.indexOf(day);
      if (b >= 0) {
        counts[b] += n;
      }
    });
    for (long n : counts) {
      perBucket.add(n);
    }
    return root;
  }

  /** The data of a page with no period at all: nothing published and no range asked for. */
  static ObjectNode nothingPublished(String output, String tenant, Instant generatedAt) {
    ObjectNode root = meta(output, tenant, generatedAt, new java.util.TreeSet<>());
    root.put("empty", true);
    root.putNull("period");
    return root;
  }

  private static ObjectNode meta(String output, String tenant, Instant generatedAt,
      NavigableSet<LocalDate> published) {
    ObjectNode root = JSON.createObjectNode();
    root.put("output", output);
    root.put("tenant", tenant);
    root.put("generatedAt", generatedAt.truncatedTo(ChronoUnit.SECONDS).toString());
    if (published.isEmpty()) {
      root.putNull("publishedFrom");
      root.putNull("publishedLast");
    } else {
      root.put("publishedFrom", published.first().toString());
      root.put("publishedLast", published.last().toString());
    }
    return root;
  }

  private static ObjectNode figuresOrNull(Tally t) {
    return t == null ? null : figures(t);
  }

  private static ObjectNode figures(Tally t) {
    ObjectNode n = JSON.createObjectNode();
    n.put("runs", t.runs);
    n.put("terminal", t.terminal);
    n.put("failed", t.failed);
    n.set("failureRate", JSON.valueToTree(t.failureRate()));
    n.set("medianDurationMs", JSON.valueToTree(t.percentile(50)));
    n.set("p95DurationMs", JSON.valueToTree(t.percentile(95)));
    n.put("openRuns", t.open);
    return n;
  }

  private static ArrayNode errorTypes(ReportAggregator a) {
    List<Map.Entry<String, Map<String, Long>>> all = new java.util.ArrayList<>(a.errorTypes.entrySet());
    all.sort(java.util.Comparator.comparingLong(
            (Map.Entry<String, Map<String, Long>> e) -> -total(e.getValue()))
        .thenComparing(Map.Entry::getKey));
    ArrayNode list = JSON.createArrayNode();
    for (int i = 0; i < all.size(); i++) {
      boolean rest = i == TOP_ERROR_TYPES && all.size() > TOP_ERROR_TYPES + 1;
      ObjectNode n = list.addObject();
      Map<String, Long> byWho = new TreeMap<>();
      if (rest) {
        for (Map.Entry<String, Map<String, Long>> e : all.subList(i, all.size())) {
          e.getValue().forEach((k, v) -> byWho.merge(k, v, Long::sum));
        }
        n.put("errorType", "(" + (all.size() - i) + " other error types)");
      } else {
        byWho.putAll(all.get(i).getValue());
        n.put("errorType", all.get(i).getKey());
      }
      n.put("failures", total(byWho));
      for (String who : List.of("customer", "platform", ReportAggregator.NO_ATTRIBUTION)) {
        n.put(who, byWho.getOrDefault(who, 0L));
      }
      if (rest) {
        break;
      }
    }
    return list;
  }

  private static long total(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  private static ArrayNode topWorkflows(ReportAggregator a) {
    ArrayNode list = JSON.createArrayNode();
    for (Map.Entry<String, ReportAggregator.NameTally> e : a.topFailingNames(TOP_NAMES)) {
      ReportAggregator.NameTally t = e.getValue();
      ObjectNode n = list.addObject();
      n.put("name", e.getKey());
      n.put("type", t.lastFailureType);
      n.put("failures", t.failed);
      n.put("terminal", t.terminal);
      n.put("runs", t.runs);
      n.put("failureRate", t.failureRate());
      n.put("lastFailure", Instant.EPOCH.plus(t.lastFailureMicros, ChronoUnit.MICROS).toString());
    }
    return list;
  }
}
