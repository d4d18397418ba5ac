package com.amperityworkflowruns.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/** An {@link HttpResponse} with only headers, for classifying error answers. */
final class FakeResponse implements HttpResponse<byte[]> {
  private final HttpHeaders headers;

  private FakeResponse(HttpHeaders headers) {
    this.headers = headers;
  }

  static FakeResponse with(String... nameValues) {
    Map<String, List<String>> map = new HashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      map.put(nameValues[i], List.of(nameValues[i + 1]));
    }
    return new FakeResponse(HttpHeaders.of(map, (a, b) -> true));
  }

  @Override
  public int statusCode() {
    return 0;
  }

  @Override
  public HttpRequest request() {
    return null;
  }

  @Override
  public Optional<HttpResponse<byte[]>> previousResponse() {
    return Optional.empty();
  }

  @Override
  public HttpHeaders headers() {
    return headers;
  }

  @Override
  public byte[] body() {
    return new byte[0];
  }

  @Override
  public Optional<SSLSession> sslSession() {
    return Optional.empty();
  }

  @Override
  public URI uri() {
    return URI.create("http://127.0.0.1/");
  }

  @Override
  public HttpClient.Version version() {
    return HttpClient.Version.HTTP_1_1;
  }
}
