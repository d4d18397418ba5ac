package com.amperityworkflowruns.gcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * A loopback stand-in for the one call of Secret Manager's REST API (v1) that {@link
 * SecretManagerStore} makes: {@code GET /v1/projects/P/secrets/S/versions/V:access}
 * (cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets.versions/access).
 *
 * <p>As documented there: versions are numbered from 1 and {@code latest} is an alias to the most
 * recently created one; the answer is {@code {"name", "payload": {"data" (base64), "dataCrc32c"}}}.
 * Errors are Google's JSON error body with {@code code}, {@code message} and {@code status}
 * (cloud.google.com/apis/design/errors): a missing secret or version is 404 {@code NOT_FOUND}; a
 * caller without {@code secretmanager.versions.access} is 403 {@code PERMISSION_DENIED}; a disabled
 * version "can't be accessed" (cloud.google.com/secret-manager/docs/disable-secret-version), and
 * the answer Secret Manager gives is 400 {@code FAILED_PRECONDITION} "Secret Version [...] is in
 * DISABLED state." (as reported verbatim in external-secrets/external-secrets#4042 and
 * google-github-actions/get-secretmanager-secrets#268); a service out of reach is 503 {@code
 * UNAVAILABLE}.
 */
final class SecretManagerStandIn implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ACCESS =
      Pattern.compile("/v1/projects/([^/]+)/secrets/([^/]+)/versions/([^/:]+):access");

  private final HttpServer server;
  private final Map<String, List<byte[]>> versions = new ConcurrentHashMap<>();
  private final Set<String> disabled = ConcurrentHashMap.newKeySet();
  private final Set<String> denied = ConcurrentHashMap.newKeySet();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile boolean unavailable;

  private SecretManagerStandIn() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A stand-in without secrets on a free loopback port. */
  static SecretManagerStandIn start() {
    try {
      return new SecretManagerStandIn();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the Secret Manager stand-in: " + e, e);
    }
  }

  /** The endpoint to give the client. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Adds a version holding {@code value} (UTF-8) to the secret; returns its number. */
  synchronized int addVersion(String project, String secret, String value) {
    List<byte[]> list = versions.computeIfAbsent(project + "/" + secret, k -> new ArrayList<>());
    list.add(value.getBytes(StandardCharsets.UTF_8));
    return list.size();
  }

  void disable(String project, String secret, int version) {
    disabled.add(project + "/" + secret + "/" + version);
  }

  /** Refuses every access to the secret, as a caller without the accessor role is refused. */
  void deny(String project, String secret) {
    denied.add(project + "/" + secret);
  }

  /** Answers every request 503 from now on. */
  void unavailable() {
    unavailable = true;
  }

  /** Requests received so far. */
  int requests() {
    return requests.get();
  }

  private synchronized void handle(HttpExchange ex) throws IOException {
    try {
      requests.incrementAndGet();
      Matcher m = ACCESS.matcher(ex.getRequestURI().getPath());
      if (unavailable) {
        error(ex, 503, "UNAVAILABLE", "The service is currently unavailable.");
        return;
      }
      if (!m.matches() || !ex.getRequestMethod().equals("GET")) {
        error(ex, 404, "NOT_FOUND", "Not found: " + ex.getRequestURI().getPath());
        return;
      }
      String secret = m.group(1) + "/" + m.group(2);
      String resource = "projects/" + m.group(1) + "/secrets/" + m.group(2) + "/versions/"
          + m.group(3);
      if (denied.contains(secret)) {
        error(ex, 403, "PERMISSION_DENIED", "Permission 'secretmanager.versions.access' denied"
            + " for resource '" + resource + "' (or it may not exist).");
        return;
      }
      List<byte[]> list = versions.get(secret);
      if (list == null) {
        error(ex, 404, "NOT_FOUND", "Secret [projects/" + m.group(1) + "/secrets/" + m.group(2)
            + "] not found or has no versions.");
        return;
      }
      int number = m.group(3).equals("latest") ? list.size() : parse(m.group(3));
      if (number < 1 || number > list.size()) {
        error(ex, 404, "NOT_FOUND", "Secret Version [" + resource + "] not found.");
        return;
      }
      String name = "projects/" + m.group(1) + "/secrets/" + m.group(2) + "/versions/" + number;
      if (disabled.contains(secret + "/" + number)) {
        error(ex, 400, "FAILED_PRECONDITION", "Secret Version [" + name
            + "] is in DISABLED state.");
        return;
      }
      byte[] data = list.get(number - 1);
      CRC32C crc = new CRC32C();
      crc.update(data);
      ObjectNode body = JSON.createObjectNode().put("name", name);
      body.putObject("payload").put("data", Base64.getEncoder().encodeToString(data))
          .put("dataCrc32c", String.valueOf(crc.getValue()));
      reply(ex, 200, body);
    } finally {
      ex.close();
    }
  }

  private static int parse(String version) {
    try {
      return Integer.parseInt(version);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static void error(HttpExchange ex, int code, String status, String message)
      throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("error").put("code", code).put("message", message).put("status", status);
    reply(ex, code, body);
  }

  private static void reply(HttpExchange ex, int code, ObjectNode body) throws IOException {
    byte[] b = body.toString().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    ex.sendResponseHeaders(code, b.length);
    ex.getResponseBody().write(b);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
