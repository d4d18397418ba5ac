package com.amperityworkflowruns.api;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Measures how long opening a connection to the API takes (TCP, plus the TLS handshake for
 * {@code https}) without sending a request, so it costs nothing of the rate budget. A request that
 * opens a new connection reaches the API that much later than one over an open connection: the
 * {@link com.amperityworkflowruns.pacing.RateBudget} holds its place in the window for twice the
 * slowest of {@value #TRIES} tries
 * (after one untimed try, which resolves the name and loads the TLS classes, as the HTTP client's
 * own first connection did). Over loopback that is well under a millisecond, over the internet one
 * or more round trips.
 *
 * <p>When the HTTP client would go through a proxy ({@link ProxySelector#getDefault}), the probe
 * does not measure (a direct connection is not what requests take): the budget keeps its default.
 */
public final class ConnectProbe {
  static final int TRIES = 2;

  private ConnectProbe() {}

  /** The slowest of {@value #TRIES} timed connections to {@code baseUrl}, or -1 if unknown. */
  static long nanos(String baseUrl, int timeoutMillis) {
    URI uri;
    try {
      uri = URI.create(baseUrl);
    } catch (IllegalArgumentException e) {
      return -1;
    }
    String host = uri.getHost();
    String scheme = uri.getScheme();
    if (host == null || scheme == null || !scheme.toLowerCase().startsWith("http")) {
      return -1;
    }
    boolean tls = "https".equalsIgnoreCase(scheme);
    if (throughProxy(uri)) {
      return -1;
    }
    InetSocketAddress address =
        new InetSocketAddress(host, uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80);
    if (address.isUnresolved()) {
      return -1;
    }
    long slowest = -1;
    for (int i = 0; i <= TRIES; i++) {
      long start = System.nanoTime();
      try (Socket socket = new Socket()) {
        socket.connect(address, timeoutMillis);
        if (tls) {
          socket.setSoTimeout(timeoutMillis); // a server that never answers the handshake
          try (SSLSocket ssl = (SSLSocket) SSLContext.getDefault().getSocketFactory()
              .createSocket(socket, host, address.getPort(), false)) {
            ssl.startHandshake();
          }
        }
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        return -1; // the requests themselves will fail with a classified error if it is down
      }
      if (i > 0) {
        slowest = Math.max(slowest, System.nanoTime() - start);
      }
    }
    return slowest;
  }

  private static boolean throughProxy(URI uri) {
    ProxySelector selector = ProxySelector.getDefault();
    if (selector == null) {
      return false;
    }
    try {
      List<Proxy> proxies = selector.select(uri);
      return proxies.stream().anyMatch(p -> p.type() != Proxy.Type.DIRECT);
    } catch (RuntimeException e) {
      return true;
    }
  }
}
