package com.amperityworkflowruns.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SyntheticTenantTest {
  private static SyntheticTenant tenant;
  private static List<JsonNode> served;

  @BeforeAll
  static void generate() {
    tenant = SyntheticTenant.generate(SimulatorConfig.builder().build());
    served = tenant.runs().stream().map(r -> SimHttp.json(tenant.jsonAsServed(r)))
        .collect(Collectors.toList());
  }

  private static Set<String> texts(String field) {
    return served.stream().filter(r -> r.hasNonNull(field)).map(r -> r.get(field).asText())
        .collect(Collectors.toSet());
  }

  @Test
  void givenSameSeed_generatesIdenticalJson() {
    SyntheticTenant again = SyntheticTenant.generate(SimulatorConfig.builder().build());
    SyntheticTenant other = SyntheticTenant.generate(SimulatorConfig.builder().seed(7).build());

    List<String> first = tenant.runs().stream().map(tenant::jsonAsServed).collect(Collectors.toList());
    List<String> second = again.runs().stream().map(again::jsonAsServed).collect(Collectors.toList());
    List<String> third = other.runs().stream().map(other::jsonAsServed).collect(Collectors.toList());

    assertThat(second).isEqualTo(first);
    assertThat(third).isNotEqualTo(first);
  }

  @Test
  void givenDefaults_generatesTotalRunsWithUniqueIdsSortedByCreation() {
    List<SimRun> runs = tenant.runs();
    List<String> ids = runs.stream().map(SimRun::id).filter(Objects::nonNull).collect(Collectors.toList());

    assertThat(runs).hasSize(5_000);
    assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
    assertThat(ids).allMatch(id -> id.matches("wf-\\d{8}-\\d{5}-[A-Z]{2}[a-z]{3}"));
    for (int i = 1; i < runs.size(); i++) {
      assertThat(runs.get(i).position).isGreaterThanOrEqualTo(runs.get(i - 1).position);
    }
  }

  @Test
  void givenDefaults_everyTypeAndStateSpellingAppears() {
    assertThat(texts("type")).containsExactlyInAnyOrder(
        "amperity.orchestration.orchestration/run", "amperity.courier.courier-group/run",
        "amperity.ingest.ingest/run", "amperity.campaign.campaign-send/run",
        "amperity.privacy.ccpa-delete/run");
    assertThat(texts("state")).contains("Succeeded", "succeeded", "SUCCEEDED", "Failed", "failed",
        "Canceled", "canceled", "Cancelled", "Stopped", "Stopping", "Started", "Scheduled",
        "In progress", "in-progress", "Running with failures", "Paused");
  }

  @Test
  void givenDefaults_hasBusyDaysAndEmptyDays() {
    Map<LocalDate, Integer> perDay = new TreeMap<>();
    for (LocalDate d = LocalDate.of(2024, 1, 1); d.isBefore(LocalDate.of(2024, 4, 1)); d = d.plusDays(1)) {
      perDay.put(d, 0);
    }
    tenant.runs().forEach(r -> perDay.merge(
        Instant.ofEpochMilli(r.position).atZone(ZoneOffset.UTC).toLocalDate(), 1, Integer::sum));
    List<Integer> sorted = perDay.values().stream().sorted().collect(Collectors.toList());
    int median = sorted.get(sorted.size() / 2);

    assertThat(sorted.get(0)).isZero();
    assertThat(perDay.values().stream().filter(c -> c > 6 * median).count()).isBetween(3L, 20L);
  }

  @Test
  void givenBadRecordRate_eachMalformedKindIsPresentAndServedAsSuch() {
    Map<String, List<SimRun>> bad = tenant.runs().stream().filter(SimRun::malformed)
        .collect(Collectors.groupingBy(SimRun::malformedKind));

    assertThat(bad.keySet()).containsExactlyInAnyOrder(
        SimRun.MISSING_ID, SimRun.BAD_CREATED_AT, SimRun.ENDED_BEFORE_CREATED);
    assertThat(bad.values().stream().mapToInt(List::size).sum()).isEqualTo(10);
    SimRun noId = bad.get(SimRun.MISSING_ID).get(0);
    SimRun badDate = bad.get(SimRun.BAD_CREATED_AT).get(0);
    SimRun backwards = bad.get(SimRun.ENDED_BEFORE_CREATED).get(0);
    assertThat(SimHttp.json(tenant.jsonAsServed(noId)).has("id")).isFalse();
    assertThat(SimHttp.json(tenant.jsonAsServed(badDate)).get("created_at").asText()).isEqualTo("not-a-date");
    assertThat(backwards.endedAt()).isBefore(backwards.createdAt());
  }

  @Test
  void givenDefaults_runsCarryTheDocumentedRoughEdges() {
    assertThat(texts("name")).anyMatch(n -> n.codePoints().anyMatch(c -> c > 0xFFFF))
        .anyMatch(n -> n.chars().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN))
        .anyMatch(n -> n.contains("é"));
    assertThat(texts("principal_name")).contains("Automated workflow");
    assertThat(texts("principal_email")).contains("");
    assertThat(texts("created_at")).anyMatch(t -> t.matches(".*:\\d\\dZ"))
        .anyMatch(t -> t.endsWith("+00:00")).anyMatch(t -> t.matches(".*\\.\\d{3}Z"));
    List<JsonNode> errors = served.stream().filter(r -> r.has("error")).map(r -> r.get("error"))
        .collect(Collectors.toList());
    assertThat(errors).anyMatch(e -> !e.has("data")).anyMatch(e -> e.has("data") && e.get("data").isNull())
        .anyMatch(e -> e.path("data").isObject()).anyMatch(e -> e.get("message").asText().contains("\n"));
    assertThat(errors.stream().map(e -> e.get("attribution").asText()).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("customer", "platform");
    assertThat(served).anyMatch(r -> r.has("x_internal") || r.has("labels") || r.has("workflow_id"));
    assertThat(served).anyMatch(r -> r.has("ended_at") && r.get("ended_at").isNull())
        .anyMatch(r -> !r.has("ended_at"));
  }

  @Test
  void givenFailedRuns_failureRatesDifferByType() {
    Map<String, Double> failRate = tenant.runs().stream().filter(r -> !r.malformed())
        .collect(Collectors.groupingBy(SimRun::type, Collectors.averagingDouble(
            r -> RunsQuery.normalizeState(r.state()).equals("failed") ? 1 : 0)));

    assertThat(failRate.get("amperity.privacy.ccpa-delete/run"))
        .isGreaterThan(failRate.get("amperity.courier.courier-group/run"));
  }

  @Test
  void givenClockMidRange_hidesFutureRunsAndShowsLaterEndingRunsOpen() {
    SimRun endsLater = tenant.runs().stream().filter(r -> !r.malformed() && r.endedAt() != null
        && r.createdAt().isAfter(Instant.parse("2024-02-15T00:00:00Z"))).findFirst().orElseThrow();
    Instant now = endsLater.createdAt().plusMillis(
        (endsLater.endedAt().toEpochMilli() - endsLater.createdAt().toEpochMilli()) / 2);
    SimulatorConfig config = SimulatorConfig.builder().clock(Clock.fixed(now, ZoneOffset.UTC)).build();
    SyntheticTenant atNow = SyntheticTenant.generate(config);

    List<SimRun> visible = atNow.visibleRuns(null, null);
    SimRun shown = visible.stream().filter(r -> endsLater.id().equals(r.id())).findFirst().orElseThrow();
    JsonNode json = SimHttp.json(atNow.jsonAsServed(endsLater));

    assertThat(visible).isNotEmpty().allMatch(r -> r.position <= now.toEpochMilli());
    assertThat(visible.size()).isLessThan(atNow.runs().size());
    assertThat(shown.endedAt()).isNull();
    assertThat(shown.state()).isNotEqualTo(endsLater.state());
    assertThat(json.path("ended_at").isMissingNode() || json.get("ended_at").isNull()).isTrue();
    assertThat(json.get("state").asText()).isEqualTo(shown.state());
    assertThat(json.has("error")).isFalse();
  }

  @Test
  void givenClockMidRange_apiServesOnlyRunsCreatedBeforeNow() {
    Instant now = Instant.parse("2024-03-20T00:00:00Z");
    SimulatorConfig config = SimulatorConfig.builder().totalRuns(1_000).rateLimitPerSecond(0)
        .clock(Clock.fixed(now, ZoneOffset.UTC)).build();
    try (ApiSimulator sim = ApiSimulator.start(config)) {
      List<JsonNode> runs = new SimHttp(sim).readAll("limit=1000");

      assertThat(runs).hasSize(sim.tenant().visibleRuns(null, null).size());
      assertThat(runs).allMatch(r -> r.get("created_at").asText().compareTo("2024-03-20") < 0
          || r.get("created_at").asText().equals("not-a-date"));
    }
  }

  @Test
  void givenConfig_survivesSerializationWithDefaultClock() throws Exception {
    SimulatorConfig config = SimulatorConfig.builder().seed(9).tenant("t1")
        .clock(Clock.systemUTC()).build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(config);
    }

    SimulatorConfig copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (SimulatorConfig) in.readObject();
    }

    assertThat(copy.seed()).isEqualTo(9);
    assertThat(copy.tenant()).isEqualTo("t1");
    assertThat(copy.clock().instant()).isEqualTo(Instant.parse("2024-04-01T00:00:00Z"));
    assertThat(copy.toBuilder().build().maxPageSize()).isEqualTo(1000);
  }

  @Test
  void givenInvalidSettings_buildNamesTheProblem() {
    assertThatThrownBy(() -> SimulatorConfig.builder().dataFrom(LocalDate.of(2024, 5, 1)).build())
        .hasMessageContaining("dataFrom");
    assertThatThrownBy(() -> SimulatorConfig.builder().dropRate(2).build())
        .hasMessageContaining("dropRate");
    assertThatThrownBy(() -> SimulatorConfig.builder().latencyMillis(10, 5).build())
        .hasMessageContaining("latency");
  }
}
