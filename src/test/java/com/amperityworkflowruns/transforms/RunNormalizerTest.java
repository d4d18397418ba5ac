package com.amperityworkflowruns.transforms;

import static com.amperityworkflowruns.transforms.TestRuns.SHARD;
import static com.amperityworkflowruns.transforms.TestRuns.raw;
import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.model.RawRun;
import com.amperityworkflowruns.model.Reject;
import com.amperityworkflowruns.model.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RunNormalizerTest {
  private static final String CREATED = "\"created_at\":\"2024-02-10T17:29:22.454Z\"";
  private static final String ENDED = "\"ended_at\":\"2024-02-10T17:30:22.954Z\"";

  private static WorkflowRun normalizeRun(String json) {
    Normalized result = RunNormalizer.normalize(raw(json));
    assertThat(result.isRun()).as("normalized %s", result).isTrue();
    return result.run();
  }

  private static Reject normalizeReject(String json) {
    Normalized result = RunNormalizer.normalize(raw(json));
    assertThat(result.isRun()).as("rejected %s", result).isFalse();
    return result.reject();
  }

  @Test
  void givenDocumentedExample_copiesEveryField() {
    // Arrange
    String json =
        "{\"id\":\"wf-20240603-12345-MNabc\",\"name\":\"Nightly\",\"type\":\"amperity.orchestration.orchestration/run\","
            + "\"state\":\"failed\"," + CREATED + "," + ENDED + ",\"tenant\":\"acme\","
            + "\"principal_id\":\"p1\",\"principal_name\":\"Automated workflow\",\"principal_email\":\"\","
            + "\"error\":{\"attribution\":\"customer\",\"type\":\"bad-input\",\"message\":\"no\",\"data\":{\"k\":[1,2]}}}";

    // Act
    WorkflowRun run = normalizeRun(json);

    // Assert
    assertThat(run.runId).isEqualTo("wf-20240603-12345-MNabc");
    assertThat(run.name).isEqualTo("Nightly");
    assertThat(run.type).isEqualTo("amperity.orchestration.orchestration/run");
    assertThat(run.state).isEqualTo("FAILED");
    assertThat(run.stateRaw).isEqualTo("failed");
    assertThat(run.isTerminal).isTrue();
    assertThat(run.createdAtMicros).isEqualTo(1_707_586_162_454_000L);
    assertThat(run.endedAtMicros).isEqualTo(1_707_586_222_954_000L);
    assertThat(run.durationMs).isEqualTo(60_500L);
    assertThat(run.createdDate).isEqualTo("2024-02-10");
    assertThat(run.tenant).isEqualTo("acme");
    assertThat(run.principalId).isEqualTo("p1");
    assertThat(run.principalName).isEqualTo("Automated workflow");
    assertThat(run.principalEmail).isEmpty();
    assertThat(run.errorAttribution).isEqualTo("customer");
    assertThat(run.errorType).isEqualTo("bad-input");
    assertThat(run.errorMessage).isEqualTo("no");
    assertThat(run.errorData).isEqualTo("{\"k\":[1,2]}");
    assertThat(run.rawJson).isSameAs(json);
  }

  @ParameterizedTest
  @CsvSource({
    "Scheduled, SCHEDULED, false",
    "Started, STARTED, false",
    "In progress, IN_PROGRESS, false",
    "in-progress, IN_PROGRESS, false",
    "IN_PROGRESS, IN_PROGRESS, false",
    "Running with failures, RUNNING_WITH_FAILURES, false",
    "running-with-failures, RUNNING_WITH_FAILURES, false",
    "Stopping, STOPPING, false",
    "Stopped, STOPPED, true",
    "Succeeded, SUCCEEDED, true",
    "SUCCEEDED, SUCCEEDED, true",
    "Failed, FAILED, true",
    "canceled, CANCELED, true",
    "Cancelled, CANCELED, true",
    "paused, UNKNOWN, false",
    "'', UNKNOWN, false",
  })
  void givenStateSpelling_mapsToEnumAndKeepsRaw(String raw, String state, boolean terminal) {
    // Act
    WorkflowRun run = normalizeRun("{\"id\":\"a\",\"state\":\"" + raw + "\"," + CREATED + "," + ENDED + "}");

    // Assert
    assertThat(run.state).isEqualTo(state);
    assertThat(run.stateRaw).isEqualTo(raw);
    assertThat(run.isTerminal).isEqualTo(terminal);
    assertThat(run.durationMs).isEqualTo(terminal ? 60_500L : null);
    assertThat(run.endedAtMicros).isNotNull();
  }

  @Test
  void givenNoState_isUnknownWithNullRaw() {
    WorkflowRun run = normalizeRun("{\"id\":\"a\"," + CREATED + "}");

    assertThat(run.state).isEqualTo("UNKNOWN");
    assertThat(run.stateRaw).isNull();
    assertThat(run.endedAtMicros).isNull();
    assertThat(run.durationMs).isNull();
  }

  @Test
  void givenTerminalRunWithoutEndedAt_hasNoDuration() {
    WorkflowRun run = normalizeRun("{\"id\":\"a\",\"state\":\"succeeded\"," + CREATED + ",\"ended_at\":null}");

    assertThat(run.isTerminal).isTrue();
    assertThat(run.endedAtMicros).isNull();
    assertThat(run.durationMs).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "not json", "[]", "[{\"id\":\"a\"}]", "\"text\"", "42", "null",
      "{\"id\":\"a\"", "{\"id\":\"a\"} {}", "{\"id\":\"a\"} trailing"})
  void givenNotAnObject_rejectsAsUndated(String json) {
    // Act
    Reject reject = normalizeReject(json);

    // Assert
    assertThat(reject).isEqualTo(new Reject(null, "not a JSON object", json, Reject.UNDATED));
  }

  @Test
  void givenNullJson_rejectsWithoutThrowing() {
    Normalized result = RunNormalizer.normalize(new RawRun(null, SHARD));

    assertThat(result.reject().reason).isEqualTo("not a JSON object");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{" + CREATED + "}", "{\"id\":null," + CREATED + "}", "{\"id\":\"  \"," + CREATED + "}",
      "{\"id\":7," + CREATED + "}", "{\"id\":{\"v\":\"a\"}," + CREATED + "}"})
  void givenNoUsableId_rejectsUnderCreatedDate(String json) {
    Reject reject = normalizeReject(json);

    assertThat(reject).isEqualTo(new Reject(null, "missing id", json, "2024-02-10"));
  }

  @Test
  void givenNoIdAndBadCreatedAt_rejectsUnderShardDate() {
    String json = "{\"created_at\":\"soon\"}";

    assertThat(normalizeReject(json)).isEqualTo(new Reject(null, "missing id", json, Reject.UNDATED));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"id\":\"a\"}", "{\"id\":\"a\",\"created_at\":null}"})
  void givenNoCreatedAt_rejects(String json) {
    assertThat(normalizeReject(json)).isEqualTo(new Reject("a", "missing created_at", json, Reject.UNDATED));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"\"yesterday\"|yesterday", "1707586162454|1707586162454", "\"\"|''"})
  void givenUnparseableCreatedAt_rejectsQuotingValue(String value, String quoted) {
    String json = "{\"id\":\"a\",\"created_at\":" + value + "}";

    Reject reject = normalizeReject(json);

    assertThat(reject).isEqualTo(
        new Reject("a", "unparseable created_at: '" + quoted.replace("''", "") + "'", json, Reject.UNDATED));
  }

  @Test
  void givenUnparseableEndedAt_rejectsUnderCreatedDate() {
    String json = "{\"id\":\"a\"," + CREATED.replace("2024-02-10", "2024-01-31") + ",\"ended_at\":\"2024-02-30T00:00:00Z\"}";

    Reject reject = normalizeReject(json);

    assertThat(reject).isEqualTo(
        new Reject("a", "unparseable ended_at: '2024-02-30T00:00:00Z'", json, "2024-01-31"));
  }

  @Test
  void givenEndedBeforeCreated_rejects() {
    String json = "{\"id\":\"a\",\"state\":\"failed\",\"created_at\":\"2024-02-10T17:29:22.454Z\",\"ended_at\":\"2024-02-10T17:29:22.453Z\"}";

    assertThat(normalizeReject(json)).isEqualTo(new Reject("a", "ended_at before created_at", json, "2024-02-10"));
  }

  @ParameterizedTest
  @CsvSource({
    "2024-02-10T17:29:22.454Z, 2024-02-10T17:29:23.454Z, 1000, 2024-02-10",
    "2024-02-10T17:29:22Z, 2024-02-10T17:29:23.5Z, 1500, 2024-02-10",
    "2024-02-11T01:00:00+02:00, 2024-02-10T23:00:01Z, 1000, 2024-02-10",
    "2024-02-10, 2024-02-11, 86400000, 2024-02-10",
    "2024-02-10T23:59:59.999-01:00, 2024-02-11T01:00:00Z, 1, 2024-02-11",
  })
  void givenTimestampForms_computesMicrosDurationAndUtcDate(
      String created, String ended, long durationMs, String date) {
    WorkflowRun run = normalizeRun(
        "{\"id\":\"a\",\"state\":\"succeeded\",\"created_at\":\"" + created + "\",\"ended_at\":\"" + ended + "\"}");

    assertThat(run.durationMs).isEqualTo(durationMs);
    assertThat(run.createdDate).isEqualTo(date);
    assertThat(run.endedAtMicros - run.createdAtMicros).isEqualTo(durationMs * 1000);
  }

  @Test
  void givenNoError_allErrorFieldsNull() {
    WorkflowRun absent = normalizeRun("{\"id\":\"a\"," + CREATED + "}");
    WorkflowRun nulled = normalizeRun("{\"id\":\"a\"," + CREATED + ",\"error\":null}");

    for (WorkflowRun run : new WorkflowRun[] {absent, nulled}) {
      assertThat(run.errorAttribution).isNull();
      assertThat(run.errorType).isNull();
      assertThat(run.errorMessage).isNull();
      assertThat(run.errorData).isNull();
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "{\"attribution\":\"platform\",\"type\":\"t\",\"message\":\"m\"}|",
    "{\"attribution\":\"platform\",\"type\":\"t\",\"message\":\"m\",\"data\":null}|",
    "{\"attribution\":\"platform\",\"type\":\"t\",\"message\":\"m\",\"data\":{\"a\":1}}|{\"a\":1}",
    "{\"attribution\":\"platform\",\"type\":\"t\",\"message\":\"m\",\"data\":[1,\"x\"]}|[1,\"x\"]",
    "{\"attribution\":\"platform\",\"type\":\"t\",\"message\":\"m\",\"data\":\"s\"}|\"s\"",
  })
  void givenErrorObject_keepsDataAsJsonOrNull(String error, String data) {
    WorkflowRun run = normalizeRun("{\"id\":\"a\"," + CREATED + ",\"error\":" + error + "}");

    assertThat(run.errorAttribution).isEqualTo("platform");
    assertThat(run.errorType).isEqualTo("t");
    assertThat(run.errorMessage).isEqualTo("m");
    assertThat(run.errorData).isEqualTo(data);
  }

  @Test
  void givenMessageWithNewlines_keepsThemVerbatim() {
    WorkflowRun run = normalizeRun(
        "{\"id\":\"a\"," + CREATED + ",\"error\":{\"message\":\"line 1\\nline 2\\r\\n\\ttab\"}}");

    assertThat(run.errorMessage).isEqualTo("line 1\nline 2\r\n\ttab");
    assertThat(run.errorAttribution).isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"\"disk full\"|disk full", "500|500", "true|true", "[\"a\"]|[\"a\"]"})
  void givenNonObjectError_keepsItsTextAsMessage(String error, String message) {
    WorkflowRun run = normalizeRun("{\"id\":\"a\"," + CREATED + ",\"error\":" + error + "}");

    assertThat(run.errorMessage).isEqualTo(message);
    assertThat(run.errorAttribution).isNull();
    assertThat(run.errorType).isNull();
    assertThat(run.errorData).isNull();
  }

  @Test
  void givenUnknownFields_ignoresThemAndKeepsRawJson() {
    String json = "{\"id\":\"a\",\"new_field\":{\"deep\":[1,2,{\"x\":null}]},\"labels\":[\"x\"]," + CREATED
        + ",\"priority\":3,\"state\":\"succeeded\"}";

    WorkflowRun run = normalizeRun(json);

    assertThat(run.runId).isEqualTo("a");
    assertThat(run.rawJson).isEqualTo(json);
  }

  @Test
  void givenUnicodeName_keepsIt() {
    String name = "Nächtlicher Lauf ✓ 夜間 🚀 \u0000";
    String json = "{\"id\":\"a\",\"name\":\"Nächtlicher Lauf ✓ 夜間 \\ud83d\\ude80 \\u0000\"," + CREATED + "}";

    assertThat(normalizeRun(json).name).isEqualTo(name);
  }

  @Test
  void givenNonStringScalars_keepsTheirText() {
    String json = "{\"id\":\"a\"," + CREATED + ",\"name\":12,\"tenant\":true,\"type\":1.5,"
        + "\"principal_id\":{\"k\":1},\"principal_name\":null}";

    WorkflowRun run = normalizeRun(json);

    assertThat(run.name).isEqualTo("12");
    assertThat(run.tenant).isEqualTo("true");
    assertThat(run.type).isEqualTo("1.5");
    assertThat(run.principalId).isEqualTo("{\"k\":1}");
    assertThat(run.principalName).isNull();
    assertThat(run.principalEmail).isNull();
  }

  @Test
  void givenDeeplyNestedJson_rejectsInsteadOfThrowing() {
    String json = "{\"id\":\"a\",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}";

    assertThat(normalizeReject(json).reason).isEqualTo("not a JSON object");
  }
}
