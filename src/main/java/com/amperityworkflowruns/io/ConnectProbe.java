package com.amperityworkflowruns.io;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Measures how long opening a connection to the API takes (TCP, plus the TLS handshake for
 * {@code https}) without sending a request, so it costs nothing of the rate budget. A request that
 * opens a new connection reaches the API that much later than one over an open connection: the
 * {@link RateBudget} holds its place in the window for twice the slowest of {@value #TRIES} tries.
 * Over loopback that is well under a millisecond, over the internet one or more round trips.
 *
 * <p>It connects directly; behind an HTTP proxy it measures the way to the proxy instead, and the
 * budget's learned margin covers the rest.
 */
final class ConnectProbe {
  static final int TRIES = 2;

  private ConnectProbe() {}

  /** The slowest of {@value #TRIES} connections to {@code baseUrl}, or -1 if one failed. */
  static long nanos(String baseUrl, int timeoutMillis) {
    URI uri;
    try {
      uri = URI.create(baseUrl);
    } catch (IllegalArgumentException e) {
      return -1;
    }
    boolean tls = "https".equalsIgnoreCase(uri.getScheme());
    String host = uri.getHost();
    if (host == null) {
      return -1;
    }
    int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
    long slowest = -1;
    for (int i = 0; i < TRIES; i++) {
      long start = System.nanoTime();
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(host, port), timeoutMillis);
        if (tls) {
          socket.setSoTimeout(timeoutMillis);
          try (SSLSocket ssl = (SSLSocket) SSLContext.getDefault().getSocketFactory()
              .createSocket(socket, host, port, false)) {
            ssl.startHandshake();
          }
        }
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        return -1; // the requests themselves will fail with a classified error if it is down
      }
      slowest = Math.max(slowest, System.nanoTime() - start);
    }
    return slowest;
  }
}
