package com.amperityworkflowruns.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * The baseline a user writes without this product: one loop following {@code next_token} over the
 * whole range, one request at a time (a 429 waits a second and repeats the request).
 */
final class SerialReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SerialReader() {}

  /** Reads every run; returns {runs, requests}. */
  static long[] read(String baseUrl, String tenant, String token, String from, String to, int pageSize)
      throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long runs = 0;
    long requests = 0;
    String nextToken = null;
    do {
      String uri = baseUrl + "/workflow/runs?created_from=" + from + "&created_to=" + to + "&limit="
          + pageSize + (nextToken == null ? "" : "&next_token="
          + URLEncoder.encode(nextToken, StandardCharsets.UTF_8));
      HttpRequest request = HttpRequest.newBuilder(URI.create(uri))
          .header("Authorization", "Bearer " + token)
          .header("amperity-tenant", tenant)
          .header("api-version", "2024-04-01")
          .build();
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      requests++;
      if (response.statusCode() == 429) {
        Thread.sleep(1000);
        continue;
      }
      if (response.statusCode() != 200) {
        throw new IllegalStateException("baseline got HTTP " + response.statusCode());
      }
      JsonNode page = JSON.readTree(response.body());
      runs += page.path("data").size();
      JsonNode next = page.get("next_token");
      nextToken = next == null || next.isNull() || next.asText().isEmpty() ? null : next.asText();
    } while (nextToken != null);
    return new long[] {runs, requests};
  }
}
