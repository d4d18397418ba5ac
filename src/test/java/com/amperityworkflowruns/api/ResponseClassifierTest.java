package com.amperityworkflowruns.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ResponseClassifierTest {
  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void envelope_givesRunsCursorAndTotal() {
    Page page =
        ResponseClassifier.page(
            bytes("{\"data\":[{\"id\":\"a\"},{\"id\":\"b\",\"x\":[1]}],\"next_token\":\"n1\",\"total\":7}"),
            "application/json");

    assertThat(page.runs).containsExactly("{\"id\":\"a\"}", "{\"id\":\"b\",\"x\":[1]}");
    assertThat(page.nextToken).isEqualTo("n1");
    assertThat(page.total).isEqualTo(7L);
  }

  @Test
  void emptyOrAbsentNextToken_meansLastPage() {
    assertThat(ResponseClassifier.page(bytes("{\"data\":[],\"next_token\":\"\"}"), null).nextToken)
        .isNull();
    assertThat(ResponseClassifier.page(bytes("{\"data\":[]}"), null).nextToken).isNull();
    assertThat(ResponseClassifier.page(bytes("{\"data\":[],\"next_token\":null}"), null).nextToken)
        .isNull();
  }

  @Test
  void bareRunWithoutEnvelope_failsClearly() {
    assertThatThrownBy(() -> ResponseClassifier.page(bytes("{\"id\":\"wf-1\"}"), "application/json"))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("lacks the documented {\"data\": [...]} envelope")
        .satisfies(e -> assertThat(((ApiException) e).isRetryable()).isFalse());
  }

  @Test
  void htmlPageWith200_failsAsNotJson() {
    assertThatThrownBy(
            () -> ResponseClassifier.page(bytes("<html><body>Maintenance</body></html>"), "text/html"))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("not JSON")
        .hasMessageContaining("text/html");
  }

  @ParameterizedTest
  @CsvSource({
    "429, slow down, RATE_LIMITED, true",
    "500, boom, SERVER_ERROR, true",
    "503, unavailable, SERVER_ERROR, true",
    "400, invalid next_token, INVALID_TOKEN, false",
    "400, limit must be between 1 and 1000, BAD_REQUEST, false",
    "401, token expired, UNAUTHORIZED, false",
    "403, not permitted, FORBIDDEN, false",
    "404, no such path, NOT_FOUND, false"
  })
  void statusIsClassifiedAtTheBoundary(int status, String message, ApiException.Kind kind, boolean retryable) {
    ApiException e = ResponseClassifier.error(status, bytes(errorBody(status, message)), FakeResponse.with());

    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.isRetryable()).isEqualTo(retryable);
    assertThat(e.getMessage()).contains("HTTP " + status).contains(message).contains("req-42");
  }

  @Test
  void limitRejection_namesTheOptionToFix() {
    ApiException e =
        ResponseClassifier.error(400, bytes(errorBody(400, "limit must be between 1 and 1000")), FakeResponse.with());

    assertThat(e.getMessage()).contains("--pageSize");
  }

  @Test
  void htmlErrorPage_isQuotedAndStillRetryable() {
    ApiException e =
        ResponseClassifier.error(502, bytes("<html><h1>502 Bad Gateway</h1></html>"), FakeResponse.with());

    assertThat(e.kind()).isEqualTo(ApiException.Kind.SERVER_ERROR);
    assertThat(e.getMessage()).contains("502").contains("Bad Gateway");
  }

  @Test
  void retryAfterHeader_isHonoured() {
    ApiException e =
        ResponseClassifier.error(429, bytes(errorBody(429, "x")), FakeResponse.with("Retry-After", "2"));

    assertThat(e.retryAfterMillis()).isEqualTo(2000);
  }

  private static String errorBody(int status, String message) {
    return "{\"status\":" + status + ",\"message\":\"" + message + "\",\"request_id\":\"req-42\"}";
  }
}
