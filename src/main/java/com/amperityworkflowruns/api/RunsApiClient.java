package com.amperityworkflowruns.api;

import java.io.Serializable;
import java.util.concurrent.CompletableFuture;

/**
 * The seam between the reader and HTTP: one asynchronous page request per call, no retries (the
 * fetcher owns retries and the rate budget). Completes exceptionally with {@link ApiException}.
 */
public interface RunsApiClient extends AutoCloseable {
  /**
   * Gets ready to send without delay (e.g. fetches or refreshes an OAuth token); called before a
   * permit of the rate budget is taken, so that the permit's time is the time of sending.
   */
  default void prepare() {}

  /**
   * How long opening one connection to the API takes (TCP, plus TLS for https), measured without
   * sending a request; -1 when unknown. The budget uses it for sends that open a connection.
   */
  default long connectNanos() {
    return -1;
  }

  /** Sends one request now. */
  CompletableFuture<Page> fetch(PageRequest request);

  /**
   * Called after a 401: true when the credential was refreshed (by this call or since the
   * rejected request was sent) and one more try is worthwhile. May throw a classified {@link
   * ApiException} when the token endpoint fails.
   */
  boolean refreshAfterUnauthorized(ApiException unauthorized);

  @Override
  void close();

  /** Creates clients where the reader runs (in {@code @Setup}); serialized with the pipeline. */
  interface Factory extends Serializable {
    RunsApiClient create(ClientSettings settings);
  }
}
