package com.amperityworkflowruns.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QueryParsingTest {
  @ParameterizedTest
  @CsvSource({
    "2024-02-10, 2024-02-10T00:00:00Z",
    "2024-02-10T17:29, 2024-02-10T17:29:00Z",
    "2024-02-10T17:29:22, 2024-02-10T17:29:22Z",
    "2024-02-10T17:29:22.454Z, 2024-02-10T17:29:22.454Z",
    "2024-02-10T17:29:22Z, 2024-02-10T17:29:22Z",
    "2024-02-10T19:29:22.454+02:00, 2024-02-10T17:29:22.454Z",
    "2024-02-10T17:29:22.454 00:00, 2024-02-10T17:29:22.454Z"
  })
  void givenIsoForms_parsesToUtcInstant(String value, String expected) throws ApiError {
    assertThat(Timestamps.parse("created_from", value)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "yesterday", "2024-13-01", "2024/01/01", "1700000000"})
  void givenUnparseableTimestamp_rejectsNamingTheParameter(String value) {
    assertThatThrownBy(() -> Timestamps.parse("ended_to", value))
        .isInstanceOf(ApiError.class).hasMessageContaining("ended_to");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 999, 12_345})
  void givenTokenForFilter_decodesToItsOffsetOnlyForThatFilter(int offset) throws ApiError {
    PageTokens tokens = new PageTokens(SimulatorConfig.builder().build());

    String token = tokens.encode("cf=1|ct=2", offset);

    assertThat(tokens.decode(token, "cf=1|ct=2")).isEqualTo(offset);
    assertThatThrownBy(() -> tokens.decode(token, "cf=1|ct=3")).hasMessage("invalid next_token");
    assertThatThrownBy(() -> new PageTokens(SimulatorConfig.builder().seed(1).build())
        .decode(token, "cf=1|ct=2")).hasMessage("invalid next_token");
  }

  @ParameterizedTest
  @CsvSource({"In progress, inprogress", "in-progress, inprogress", "SUCCEEDED, succeeded",
      "Running with failures, runningwithfailures"})
  void givenStateSpelling_normalizesCaseSpacesAndHyphens(String state, String expected) {
    assertThat(RunsQuery.normalizeState(state)).isEqualTo(expected);
  }
}
