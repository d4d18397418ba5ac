package com.amperityworkflowruns.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Turns an HTTP response into a {@link Page} or a classified {@link ApiException}. */
final class ResponseClassifier {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ResponseClassifier() {}

  /** Parses a 200 body; anything but the documented {@code {"data": [...]}} envelope fails. */
  static Page page(byte[] body, @Nullable String contentType) {
    JsonNode root;
    try (JsonParser parser = MAPPER.createParser(body)) {
      root = MAPPER.readTree(parser);
      if (parser.nextToken() != null && parser.currentToken() != JsonToken.NOT_AVAILABLE) {
        throw new IOException("trailing content");
      }
    } catch (IOException e) {
      throw malformed(
          "response is not JSON (Content-Type "
              + contentType
              + ", starts with '"
              + preview(body)
              + "')");
    }
    if (root == null || !root.isObject() || !root.path("data").isArray()) {
      throw malformed(
          "response lacks the documented {\"data\": [...]} envelope (starts with '"
              + preview(body)
              + "')");
    }
    ArrayNode data = (ArrayNode) root.get("data");
    List<String> runs = new ArrayList<>(data.size());
    for (JsonNode run : data) {
      runs.add(run.toString());
    }
    JsonNode next = root.get("next_token");
    String nextToken = next == null || next.isNull() || next.asText().isEmpty() ? null : next.asText();
    JsonNode total = root.get("total");
    return new Page(runs, nextToken, total != null && total.canConvertToLong() ? total.asLong() : null);
  }

  /** Classifies a non-200 response; quotes the API's status, message and request id. */
  static ApiException error(int status, byte[] body, HttpResponse<?> response) {
    String message = null;
    String requestId = null;
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node != null && node.isObject()) {
        message = node.hasNonNull("message") ? node.get("message").asText() : null;
        requestId = node.hasNonNull("request_id") ? node.get("request_id").asText() : null;
      }
    } catch (IOException e) {
      // Not JSON (an HTML error page from a proxy, say): quote its start instead.
    }
    if (message == null) {
      message = "non-JSON body starting with '" + preview(body) + "'";
    }
    long retryAfter = retryAfterMillis(response);
    ApiException.Kind kind = kind(status, message);
    String text =
        "HTTP "
            + status
            + ": "
            + message
            + (requestId != null ? " (request_id " + requestId + ")" : "")
            + hint(kind, message);
    return new ApiException(kind, status, text, requestId, retryAfter, null);
  }

  static ApiException.Kind kind(int status, String message) {
    if (status == 429) {
      return ApiException.Kind.RATE_LIMITED;
    }
    if (status >= 500) {
      return ApiException.Kind.SERVER_ERROR;
    }
    if (status == 408) {
      return ApiException.Kind.TIMEOUT;
    }
    if (status == 401) {
      return ApiException.Kind.UNAUTHORIZED;
    }
    if (status == 403) {
      return ApiException.Kind.FORBIDDEN;
    }
    if (status == 404) {
      return ApiException.Kind.NOT_FOUND;
    }
    if (status == 400 && message.toLowerCase(Locale.ROOT).contains("next_token")) {
      return ApiException.Kind.INVALID_TOKEN;
    }
    return ApiException.Kind.BAD_REQUEST;
  }

  private static String hint(ApiException.Kind kind, String message) {
    String m = message.toLowerCase(Locale.ROOT);
    switch (kind) {
      case UNAUTHORIZED:
        return " -- the access token is invalid or expired: get a new one (or use --clientId"
            + " with --clientSecretFile, which refreshes automatically)";
      case FORBIDDEN:
        return " -- the credential is not permitted for this tenant: check --tenant";
      case NOT_FOUND:
        return " -- check --baseUrl and --runsPath";
      case BAD_REQUEST:
        if (m.contains("limit")) {
          return " -- --pageSize is not accepted by the API: choose a smaller value";
        }
        if (m.contains("version")) {
          return " -- check --apiVersion (supported: 2024-04-01)";
        }
        return "";
      default:
        return "";
    }
  }

  private static long retryAfterMillis(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .map(
            v -> {
              try {
                return (long) (Double.parseDouble(v.trim()) * 1000);
              } catch (NumberFormatException e) {
                return -1L; // HTTP-date form: fall back to our own back-off
              }
            })
        .orElse(-1L);
  }

  private static ApiException malformed(String message) {
    return new ApiException(ApiException.Kind.MALFORMED_RESPONSE, 200, message, null, -1, null);
  }

  private static String preview(byte[] body) {
    String s = new String(body, 0, Math.min(body.length, 60), StandardCharsets.UTF_8);
    return s.replaceAll("\\s+", " ");
  }
}
