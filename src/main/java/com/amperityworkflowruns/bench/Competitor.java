package com.amperityworkflowruns.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Another client of the same tenant, sending a fixed number of requests per second. */
final class Competitor implements AutoCloseable {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();

  Competitor(String baseUrl, String tenant, String token, int perSecond) {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create(baseUrl + "/workflow/runs?created_from=2024-01-01&created_to=2024-01-02&limit=1"))
        .header("Authorization", "Bearer " + token)
        .header("amperity-tenant", tenant)
        .header("api-version", "2024-04-01")
        .build();
    timer.scheduleAtFixedRate(
        () -> {
          requests.incrementAndGet();
          http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
              .thenAccept(r -> {
                if (r.statusCode() == 429) {
                  rejected.incrementAndGet();
                }
              });
        },
        0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
  }

  long requests() {
    return requests.get();
  }

  long rejected() {
    return rejected.get();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
