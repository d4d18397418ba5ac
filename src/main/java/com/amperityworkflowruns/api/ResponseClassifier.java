package com.amperityworkflowruns.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Turns an HTTP response into a {@link Page} or a classified {@link ApiException}. */
public final class ResponseClassifier {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ResponseClassifier() {}

  /**
   * Parses a 200 body; anything but the documented {@code {"data": [...]}} envelope fails. Each
   * run is kept as the exact bytes the API sent (sliced out by a streaming parser, not rebuilt),
   * which is both faithful and cheap.
   */
  static Page page(byte[] body, @Nullable String contentType) {
    List<String> runs = null;
    String nextToken = null;
    Long total = null;
    try (JsonParser p = MAPPER.getFactory().createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw notEnvelope(body, contentType, p.currentToken() == null);
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("data") && value == JsonToken.START_ARRAY) {
          runs = new ArrayList<>();
          while (p.nextToken() != JsonToken.END_ARRAY) {
            int start = (int) p.currentTokenLocation().getByteOffset();
            p.skipChildren();
            int end = (int) p.currentLocation().getByteOffset();
            runs.add(new String(body, start, end - start, StandardCharsets.UTF_8));
          }
        } else if (field.equals("next_token") && value == JsonToken.VALUE_STRING) {
          nextToken = p.getText().isEmpty() ? null : p.getText();
        } else if (field.equals("total") && value == JsonToken.VALUE_NUMBER_INT) {
          total = p.getLongValue();
        } else {
          p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new IOException("trailing content");
      }
    } catch (IOException e) {
      throw notEnvelope(body, contentType, true);
    }
    if (runs == null) {
      throw notEnvelope(body, contentType, false);
    }
    return new Page(runs, nextToken, total);
  }

  private static ApiException notEnvelope(byte[] body, @Nullable String contentType, boolean notJson) {
    return notJson
        ? malformed(
            "response is not JSON (Content-Type "
                + contentType
                + ", starts with '"
                + preview(body)
                + "')")
        : malformed(
            "response lacks the documented {\"data\": [...]} envelope (starts with '"
                + preview(body)
                + "')");
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

  public static ApiException.Kind kind(int status, String message) {
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
