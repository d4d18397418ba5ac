package com.amperityworkflowruns.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Checks of the API's base URL. */
public final class BaseUrls {
  private BaseUrls() {}

  /**
   * Checks a base URL: absolute, no trailing slash, and {@code https} unless the host is loopback.
   *
   * @throws IllegalArgumentException naming the fix
   */
  public static String check(String url) {
    require(url != null && !url.isBlank(), "baseUrl is empty");
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("baseUrl '" + url + "' is not a URL", e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    require(uri.getHost() != null, "baseUrl '" + url + "' has no host");
    if (scheme.equals("http")) {
      require(
          isLoopback(uri.getHost()),
          "baseUrl '" + url + "' uses http:// to a non-loopback host: use https://");
    } else {
      require(scheme.equals("https"), "baseUrl '" + url + "' must be https://");
    }
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
