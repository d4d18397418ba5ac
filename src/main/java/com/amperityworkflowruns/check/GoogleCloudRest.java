package com.amperityworkflowruns.check;

import com.amperityworkflowruns.bigquery.DatasetRef;
import com.amperityworkflowruns.gcp.GoogleAuth;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auth.ServiceAccountSigner;
import com.google.auth.oauth2.GoogleCredentials;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link GoogleCloud} over Google's REST APIs (Cloud Storage, BigQuery, Service Usage, Resource
 * Manager) with Application Default Credentials, each request bounded by a time-out. Opened only
 * when this machine has credentials ({@link GoogleAuth#source}); otherwise it fails at once with
 * {@link CloudException.Kind#NO_CREDENTIALS}, without the network.
 *
 * <p>Not run against Google Cloud here (no network): the checks are tested against an in-memory
 * fake of {@link GoogleCloud}.
 */
final class GoogleCloudRest implements GoogleCloud {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
  private static final Duration TIMEOUT = Duration.ofSeconds(8);

  private final GoogleCredentials credentials;
  private final HttpClient http;

  private GoogleCloudRest(GoogleCredentials credentials) {
    this.credentials = credentials;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** The factory of the real service. */
  static GoogleCloud.Factory factory() {
    return GoogleCloudRest::open;
  }

  private static GoogleCloud open(Map<String, String> env) throws CloudException {
    if (GoogleAuth.source(env).isEmpty()) {
      throw new CloudException(CloudException.Kind.NO_CREDENTIALS, CloudChecks.NO_CREDENTIALS);
    }
    try {
      return new GoogleCloudRest(GoogleCredentials.getApplicationDefault().createScoped(SCOPE));
    } catch (IOException e) {
      throw new CloudException(CloudException.Kind.NO_CREDENTIALS,
          "cannot load Google credentials: " + CheckDeadline.firstLine(e), e);
    }
  }

  @Override
  public String account() throws CloudException {
    if (credentials instanceof ServiceAccountSigner) {
      return ((ServiceAccountSigner) credentials).getAccount();
    }
    try {
      credentials.refreshIfExpired();
      String token = credentials.getAccessToken().getTokenValue();
      JsonNode info = get("https://oauth2.googleapis.com/tokeninfo?access_token=" + enc(token));
      return info.hasNonNull("email") ? info.get("email").asText() : "user credentials of gcloud";
    } catch (IOException e) {
      throw new CloudException(CloudException.Kind.NO_CREDENTIALS,
          "the credentials give no token: " + CheckDeadline.firstLine(e), e);
    }
  }

  @Override
  public String bucketLocation(String bucket) throws CloudException {
    return get("https://storage.googleapis.com/storage/v1/b/" + enc(bucket) + "?fields=location")
        .path("location").asText("unknown");
  }

  @Override
  public DatasetInfo dataset(DatasetRef dataset) throws CloudException {
    JsonNode d = datasetJson(dataset);
    return new DatasetInfo(d.path("location").asText("unknown"),
        longOrNull(d, "defaultTableExpirationMs"), longOrNull(d, "defaultPartitionExpirationMs"));
  }

  @Override
  public Set<String> enabledServices(String project) throws CloudException {
    Set<String> out = new TreeSet<>();
    String token = null;
    for (int page = 0; page < 20; page++) {
      JsonNode r = get("https://serviceusage.googleapis.com/v1/projects/" + enc(project)
          + "/services?filter=state:ENABLED&pageSize=200"
          + (token == null ? "" : "&pageToken=" + enc(token)));
      r.path("services").forEach(s -> out.add(s.path("config").path("name").asText()));
      token = r.hasNonNull("nextPageToken") ? r.get("nextPageToken").asText() : null;
      if (token == null || token.isEmpty()) {
        break;
      }
    }
    return out;
  }

  @Override
  public Map<String, Set<String>> roles(Resource resource) throws CloudException {
    switch (resource.kind()) {
      case BUCKET:
        return bindings(get("https://storage.googleapis.com/storage/v1/b/" + enc(resource.name())
            + "/iam"));
      case PROJECT:
        return bindings(send(HttpRequest.newBuilder(URI.create(
            "https://cloudresourcemanager.googleapis.com/v1/projects/" + enc(resource.name())
                + ":getIamPolicy")).POST(HttpRequest.BodyPublishers.ofString("{}"))
            .header("Content-Type", "application/json")));
      default:
        return datasetAccess(datasetJson(DatasetRef.parse(resource.name())));
    }
  }

  private JsonNode datasetJson(DatasetRef d) throws CloudException {
    return get("https://bigquery.googleapis.com/bigquery/v2/projects/" + enc(d.project)
        + "/datasets/" + enc(d.dataset));
  }

  /** An IAM policy's bindings as roles by member. */
  private static Map<String, Set<String>> bindings(JsonNode policy) {
    Map<String, Set<String>> out = new HashMap<>();
    for (JsonNode b : policy.path("bindings")) {
      for (JsonNode m : b.path("members")) {
        out.computeIfAbsent(m.asText(), k -> new HashSet<>()).add(b.path("role").asText());
      }
    }
    return out;
  }

  /** A dataset's access list (legacy roles named as their IAM roles) as roles by member. */
  private static Map<String, Set<String>> datasetAccess(JsonNode dataset) {
    Map<String, String> legacy = Map.of("OWNER", "roles/bigquery.dataOwner", "WRITER",
        "roles/bigquery.dataEditor", "READER", "roles/bigquery.dataViewer");
    Map<String, Set<String>> out = new HashMap<>();
    for (JsonNode a : dataset.path("access")) {
      String role = legacy.getOrDefault(a.path("role").asText(), a.path("role").asText());
      String member = null;
      if (a.hasNonNull("userByEmail")) {
        String email = a.get("userByEmail").asText();
        member = (email.endsWith(".gserviceaccount.com") ? "serviceAccount:" : "user:") + email;
      } else if (a.hasNonNull("groupByEmail")) {
        member = "group:" + a.get("groupByEmail").asText();
      } else if (a.hasNonNull("iamMember")) {
        member = a.get("iamMember").asText();
      }
      if (member != null) {
        out.computeIfAbsent(member, k -> new HashSet<>()).add(role);
      }
    }
    return out;
  }

  private JsonNode get(String url) throws CloudException {
    return send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  private JsonNode send(HttpRequest.Builder request) throws CloudException {
    HttpResponse<String> r;
    try {
      HttpRequest.Builder b = request.timeout(TIMEOUT);
      URI uri = b.build().uri();
      for (Map.Entry<String, List<String>> h : credentials.getRequestMetadata(uri).entrySet()) {
        for (String v : h.getValue()) {
          b.header(h.getKey(), v);
        }
      }
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new CloudException(CloudException.Kind.UNREACHABLE, CheckDeadline.firstLine(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CloudException(CloudException.Kind.UNREACHABLE, "interrupted", e);
    }
    String message = "HTTP " + r.statusCode() + ": " + errorMessage(r.body());
    switch (r.statusCode()) {
      case 200:
        try {
          return JSON.readTree(r.body());
        } catch (IOException e) {
          throw new CloudException(CloudException.Kind.FAILED, "not JSON from " + r.uri(), e);
        }
      case 401:
        throw new CloudException(CloudException.Kind.NO_CREDENTIALS, message);
      case 403:
        throw new CloudException(CloudException.Kind.PERMISSION_DENIED, message);
      case 404:
        throw new CloudException(CloudException.Kind.NOT_FOUND, message);
      default:
        throw new CloudException(r.statusCode() >= 500 ? CloudException.Kind.UNREACHABLE
            : CloudException.Kind.FAILED, message);
    }
  }

  private static String errorMessage(String body) {
    try {
      JsonNode n = JSON.readTree(body);
      return n.path("error").path("message").asText(body.length() > 120
          ? body.substring(0, 120) : body);
    } catch (IOException e) {
      return body.length() > 120 ? body.substring(0, 120) : body;
    }
  }

  private static Long longOrNull(JsonNode n, String field) {
    return n.hasNonNull(field) ? Long.parseLong(n.get(field).asText()) : null;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    // java.net.http.HttpClient has nothing to close on Java 17
  }
}
