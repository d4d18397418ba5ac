package com.amperityworkflowruns.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One answer to send (status, headers, body), or a dropped connection. */
final class Reply {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  static final String JSON = "application/json";
  static final String HTML = "text/html; charset=utf-8";
  static final String TEXT = "text/plain; charset=utf-8";
  static final Reply DROP = new Reply(StatsRecorder.DROPPED, null, null);

  private static final String BAD_GATEWAY_PAGE =
      "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
          + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
          + "</body>\r\n</html>\r\n";

  final int status;
  final String contentType;
  final byte[] body;
  final Map<String, String> headers = new LinkedHashMap<>();
  /** Extra delay (beyond the configured latency) before this answer is sent. */
  int extraLatencyMillis;

  Reply(int status, String contentType, byte[] body) {
    this.status = status;
    this.contentType = contentType;
    this.body = body;
  }

  static Reply json(int status, byte[] body) {
    return new Reply(status, JSON, body);
  }

  /** A JSON error body {@code {"status":N,"message":"...","request_id":"...","trace_id":"..."}}. */
  static Reply error(int status, String message, String requestId, String traceId) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("status", status);
    node.put("message", message);
    node.put("request_id", requestId);
    if (traceId != null) {
      node.put("trace_id", traceId);
    }
    try {
      return json(status, MAPPER.writeValueAsBytes(node));
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize an error body", e);
    }
  }

  /** The HTML page a gateway sends with a 502. */
  static Reply badGatewayPage() {
    return new Reply(502, HTML, BAD_GATEWAY_PAGE.getBytes(StandardCharsets.UTF_8));
  }

  Reply header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** Sends this answer, or closes the connection without one when it is {@link #DROP}. */
  void send(HttpExchange exchange) throws IOException {
    if (this == DROP) {
      // Closing before sendResponseHeaders makes the JDK server close the TCP connection.
      exchange.close();
      return;
    }
    headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
