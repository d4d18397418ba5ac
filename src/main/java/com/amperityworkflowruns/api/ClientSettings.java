package com.amperityworkflowruns.api;

import java.time.Duration;
import java.util.Objects;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What an API client needs to know of a read: where the API is, whose tenant, with which
 * credential, and the query every page request carries. The client's own settings, so that the
 * client knows nothing of the read's Beam configuration; the read builds them
 * ({@code ReadConfig.clientSettings()}) where its reader runs.
 */
public final class ClientSettings {
  public final String baseUrl;
  public final String tenant;
  public final String apiVersion;
  public final String runsPath;
  public final Credentials credentials;
  /** Runs per page ({@code limit}). */
  public final int pageSize;
  /** The {@code state} filter, or null. */
  public final @Nullable String state;
  /** The {@code type} filter, or null. */
  public final @Nullable String type;
  /** The longest one request may take. */
  public final Duration requestTimeout;

  /** Settings of one client; every argument but the filters is required. */
  public ClientSettings(String baseUrl, String tenant, String apiVersion, String runsPath,
      Credentials credentials, int pageSize, @Nullable String state, @Nullable String type,
      Duration requestTimeout) {
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    this.tenant = Objects.requireNonNull(tenant, "tenant");
    this.apiVersion = Objects.requireNonNull(apiVersion, "apiVersion");
    this.runsPath = Objects.requireNonNull(runsPath, "runsPath");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.pageSize = pageSize;
    this.state = state;
    this.type = type;
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
  }
}
