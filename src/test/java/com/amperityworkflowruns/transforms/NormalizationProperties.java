package com.amperityworkflowruns.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.model.RawRun;
import com.amperityworkflowruns.model.Reject;
import com.amperityworkflowruns.model.WorkflowRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Normalization is total: every input gives exactly one run or one reject. */
class NormalizationProperties {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> FIELDS = List.of("id", "created_at", "ended_at", "state",
      "error", "name", "type", "tenant", "principal_id", "principal_name", "principal_email",
      "attribution", "data", "message", "new_field");

  private static Normalized normalizeChecked(String json) {
    Normalized result = RunNormalizer.normalize(new RawRun(json, TestRuns.SHARD));
    if (result.isRun()) {
      WorkflowRun run = result.run();
      assertThat(run.rawJson).isEqualTo(json);
      assertThat(run.runId).isNotBlank();
      assertThat(run.createdDate).isNotBlank();
      assertThat(run.durationMs).satisfiesAnyOf(d -> assertThat(d).isNull(), d -> assertThat(d).isNotNegative());
      assertThat(run.durationMs != null).isEqualTo(run.isTerminal && run.endedAtMicros != null);
    } else {
      Reject reject = result.reject();
      assertThat(reject.rawJson).isEqualTo(json);
      assertThat(reject.reason).isNotBlank();
      assertThat(reject.createdDate).isNotBlank();
    }
    return result;
  }

  @Property(tries = 300)
  void givenAnyString_returnsExactlyOneOutcome(@ForAll String text) {
    normalizeChecked(text);
  }

  @Property(tries = 300)
  void givenAnyJsonObject_returnsExactlyOneOutcome(@ForAll("objects") ObjectNode object) {
    normalizeChecked(object.toString());
  }

  @Property(tries = 200)
  void givenValidCoreFields_normalizesRegardlessOfOtherFields(
      @ForAll("objects") ObjectNode extra, @ForAll("instants") Instant created) {
    // Arrange
    extra.put("id", "wf-1");
    extra.put("created_at", created.toString());
    extra.remove("ended_at");

    // Act
    Normalized result = normalizeChecked(extra.toString());

    // Assert
    assertThat(result.isRun()).as("%s", result).isTrue();
    assertThat(result.run().createdDate).isEqualTo(created.atOffset(ZoneOffset.UTC).toLocalDate().toString());
  }

  @Provide
  Arbitrary<Instant> instants() {
    return Arbitraries.longs().between(-10_000_000_000_000L, 10_000_000_000_000L).map(Instant::ofEpochMilli);
  }

  @Provide
  Arbitrary<ObjectNode> objects() {
    return Arbitraries.maps(Arbitraries.of(FIELDS), value(2)).ofMaxSize(12).map(NormalizationProperties::object);
  }

  private static ObjectNode object(Map<String, JsonNode> fields) {
    ObjectNode node = NODES.objectNode();
    fields.forEach(node::set);
    return node;
  }

  private Arbitrary<JsonNode> value(int depth) {
    Arbitrary<JsonNode> scalar = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(20).map(NODES::textNode),
        timestampLike().map(NODES::textNode),
        Arbitraries.of("succeeded", "Failed", "in-progress", "customer", "platform", " ").map(NODES::textNode),
        Arbitraries.longs().map(NODES::numberNode),
        Arbitraries.doubles().map(NODES::numberNode),
        Arbitraries.of(true, false).map(NODES::booleanNode),
        Arbitraries.just(NODES.nullNode()));
    if (depth == 0) {
      return scalar;
    }
    Arbitrary<JsonNode> child = value(depth - 1);
    Arbitrary<JsonNode> array = child.list().ofMaxSize(3).map(items -> {
      ArrayNode node = NODES.arrayNode();
      items.forEach(node::add);
      return node;
    });
    Arbitrary<JsonNode> object = Arbitraries.maps(Arbitraries.of(FIELDS), child).ofMaxSize(4)
        .map(NormalizationProperties::object);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, scalar), net.jqwik.api.Tuple.of(1, array), net.jqwik.api.Tuple.of(1, object));
  }

  private Arbitrary<String> timestampLike() {
    return Combinators.combine(instants(), Arbitraries.of("Z", "+02:00", "-05:30", "", "date", "junk"))
        .as((instant, form) -> {
          String iso = instant.toString();
          switch (form) {
            case "date":
              return iso.substring(0, iso.indexOf('T'));
            case "junk":
              return iso.replace('T', ' ');
            default:
              return iso.substring(0, iso.length() - 1) + form;
          }
        });
  }
}
